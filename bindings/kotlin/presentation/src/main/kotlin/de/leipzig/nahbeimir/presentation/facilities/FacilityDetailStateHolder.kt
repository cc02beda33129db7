package de.leipzig.nahbeimir.presentation.facilities

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Facilities
import de.leipzig.nahbeimir.core.FacilityHit
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.time.Instant
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Where the detail screen stands. */
enum class FacilityDetailPhase { LOADING, CONTENT, NOT_FOUND, ERROR }

/** One facility in full. */
data class FacilityDetail(
    val row: FacilityRow,
    /** The hours as the city publishes them (OpenStreetMap syntax). */
    val openingHours: String?,
    /** The hours' remark, e.g. "keine Schließung über Mittag". */
    val openingComment: String?,
    val phone: String?,
    val website: String?,
    /** For the platform's map app (Android intent, iOS falls back to [webMapUrl]). */
    val geoUri: String,
    val webMapUrl: String,
    val lat: Double,
    val lon: Double
)

/** The detail screen's state. */
data class FacilityDetailState(
    val phase: FacilityDetailPhase,
    val detail: FacilityDetail? = null,
    val error: ErrorKind? = null
)

private sealed interface Loaded {
    data class Hit(val hit: FacilityHit, val at: Instant) : Loaded
    data class Failed(val kind: ErrorKind) : Loaded
}

/**
 * State holder of one facility: open or closed now with the next change, the hours, how
 * to reach it, and a map link. Re-reads when the layer changes (the facility may be gone),
 * every [recheckMillis] and on [recheck], so "open until 18:00" turns into "closed" at
 * closing time while the screen is shown.
 */
class FacilityDetailStateHolder(
    private val facilities: Facilities,
    private val id: String,
    scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    private val now: () -> Instant = Instant::now,
    recheckMillis: Long = 60_000
) {
    private val loaded = MutableStateFlow<Loaded?>(null)
    private val ticks = MutableStateFlow(0L)

    /** The screen's state. */
    val state: StateFlow<FacilityDetailState> = combine(loaded, formats, ::render)
        .stateIn(scope, SharingStarted.Eagerly, FacilityDetailState(FacilityDetailPhase.LOADING))

    init {
        scope.launch {
            combine(facilities.changes().flowOn(io), ticks) { _, _ -> }.collectLatest {
                val at = now()
                loaded.value = try {
                    Loaded.Hit(withContext(io) { facilities.show(id, at) }, at)
                } catch (e: ApiException) {
                    Loaded.Failed(ErrorKind.of(e))
                }
            }
        }
        scope.launch {
            while (true) {
                delay(recheckMillis)
                recheck()
            }
        }
    }

    /** Reads the facility again at the current time (back in the foreground, or retry after an error). */
    fun recheck() {
        ticks.value += 1
    }

    private fun render(loaded: Loaded?, formats: Formats): FacilityDetailState = when (loaded) {
        null -> FacilityDetailState(FacilityDetailPhase.LOADING)

        is Loaded.Failed -> FacilityDetailState(
            if (loaded.kind == ErrorKind.NOT_FOUND) FacilityDetailPhase.NOT_FOUND else FacilityDetailPhase.ERROR,
            error = loaded.kind
        )

        is Loaded.Hit -> {
            val f = loaded.hit.facility
            FacilityDetailState(
                FacilityDetailPhase.CONTENT,
                FacilityDetail(
                    row = loaded.hit.toRow(formats, loaded.at),
                    openingHours = f.openingHours,
                    openingComment = loaded.hit.opening.comment,
                    phone = f.phone,
                    website = f.website,
                    geoUri = geoUri(f.lat, f.lon, f.name),
                    webMapUrl = webMapUrl(f.lat, f.lon),
                    lat = f.lat,
                    lon = f.lon
                )
            )
        }
    }
}
