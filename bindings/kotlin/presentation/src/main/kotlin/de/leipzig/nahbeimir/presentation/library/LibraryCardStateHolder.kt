package de.leipzig.nahbeimir.presentation.library

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.CardBarcode
import de.leipzig.nahbeimir.core.LibraryCard
import de.leipzig.nahbeimir.core.LibraryService
import de.leipzig.nahbeimir.core.RegistrationState
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** What the card screen shows. */
enum class CardPhase {
    /** The phone is read. */
    LOADING,

    /** The active card: [LibraryCardState.card]. */
    CARD,

    /** No active card on this phone (not ordered, or not activated at the desk yet). */
    NO_CARD,

    /** The card could not be read or drawn: [LibraryCardState.error]. */
    ERROR
}

/** The active card as shown at the counter. */
data class CardView(
    val cardNumber: String,
    val holderName: String?,
    val branchName: String?,
    /** "31.12.2027"; null when the city did not say. */
    val validUntil: String?,
    val symbology: String,
    val payload: String,
    /** The barcode as the core drew it (SVG). */
    val svg: String,
    /** Its bars, for drawing on a canvas; null when the SVG holds none (then the number is shown). */
    val bars: BarcodeBars?
)

/** What the card screen shows. */
data class LibraryCardState(val phase: CardPhase, val card: CardView? = null, val error: ErrorKind? = null)

/**
 * State holder of the library card at the counter: the active card and its barcode, read
 * from the phone only (the core draws the Code 39 SVG) so it works without reception. The
 * listener brings the card once the desk activated it and a refresh told the phone.
 */
class LibraryCardStateHolder(
    private val library: LibraryService,
    scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private sealed interface Raw {
        data object Loading : Raw
        data object None : Raw
        data class Card(val card: LibraryCard, val barcode: CardBarcode) : Raw
        data class Failed(val error: ErrorKind) : Raw
    }

    private val raw = MutableStateFlow<Raw>(Raw.Loading)

    /** The screen's state. */
    val state: StateFlow<LibraryCardState> = combine(raw, formats) { r, f -> render(r, f) }
        .stateIn(scope, SharingStarted.Eagerly, LibraryCardState(CardPhase.LOADING))

    init {
        scope.launch { library.changes().flowOn(io).collect { read() } }
    }

    private suspend fun read() {
        raw.value = try {
            withContext(io) {
                val card = library.registrations()
                    .firstOrNull { it.state == RegistrationState.ACTIVE && it.card != null }
                    ?.card
                if (card == null) Raw.None else Raw.Card(card, library.barcode())
            }
        } catch (e: ApiException) {
            Raw.Failed(ErrorKind.of(e))
        }
    }

    private fun render(r: Raw, f: Formats): LibraryCardState = when (r) {
        Raw.Loading -> LibraryCardState(CardPhase.LOADING)

        Raw.None -> LibraryCardState(CardPhase.NO_CARD)

        is Raw.Failed -> LibraryCardState(CardPhase.ERROR, error = r.error)

        is Raw.Card -> LibraryCardState(
            CardPhase.CARD,
            CardView(
                cardNumber = r.card.cardNumber,
                holderName = r.card.holderName,
                branchName = r.card.branchName,
                validUntil = r.card.validUntil?.let(f::isoDay),
                symbology = r.barcode.symbology,
                payload = r.barcode.payload,
                svg = r.barcode.svg,
                bars = BarcodeBars.parse(r.barcode.svg)
            )
        )
    }
}
