package de.leipzig.nahbeimir.presentation.payments

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Fee
import de.leipzig.nahbeimir.core.Payment
import de.leipzig.nahbeimir.core.Payments
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.util.concurrent.atomic.AtomicBoolean
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

/** What the fee list shows. */
enum class FeesPhase {
    /** Nothing stored yet and the first refresh is under way. */
    LOADING,

    /** Fees to show (maybe with a [FeesBanner]). */
    CONTENT,

    /** The city lists nothing for the citizen. */
    EMPTY,

    /**
     * Nothing stored and the refresh failed: [FeesState.error] (with
     * [ErrorKind.UNAUTHORIZED] the screen offers the login).
     */
    ERROR
}

/** A notice above the fees while stored ones are shown. */
enum class FeesBanner {
    /** No connection: these are the fees stored on the phone. */
    OFFLINE,

    /** The refresh failed for another reason ([FeesState.error]): these are the stored fees. */
    REFRESH_FAILED
}

/** What the fee list ("what I owe") shows. */
data class FeesState(
    val phase: FeesPhase,
    /** Fees still to pay (open, or a payment under way), in the city's order. */
    val open: List<FeeRow> = emptyList(),
    /** Fees already paid. */
    val paid: List<FeeRow> = emptyList(),
    /** The sum of [open] as text (`55,70 €`); null when nothing is open. */
    val totalOpen: String? = null,
    val refreshing: Boolean = false,
    val banner: FeesBanner? = null,
    val error: ErrorKind? = null
) {
    /** Whether the screen offers "try again". */
    val canRetry: Boolean get() = phase == FeesPhase.ERROR || banner != null
}

private sealed interface FeesRefresh {
    data object Running : FeesRefresh
    data object Done : FeesRefresh
    data class Failed(val kind: ErrorKind) : FeesRefresh
}

/**
 * State holder of "what I owe": the fees stored on the phone at once (works offline), then
 * fetched from the city (needs a login); pull-to-refresh and retry call [refresh]. A fee
 * this phone has paid or is paying shows so before the city's list says it, because the
 * list is read again after every change of the payments (the core's listener).
 */
class FeesStateHolder(
    private val payments: Payments,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private val fees = MutableStateFlow<List<Fee>?>(null)
    private val known = MutableStateFlow<List<Payment>>(emptyList())
    private val status = MutableStateFlow<FeesRefresh>(FeesRefresh.Running)
    private val inFlight = AtomicBoolean(false)

    /** The screen's state. */
    val state: StateFlow<FeesState> = combine(fees, known, status, formats) { fees, known, status, f ->
        render(fees, known, status, f)
    }.stateIn(scope, SharingStarted.Eagerly, FeesState(FeesPhase.LOADING, refreshing = true))

    init {
        scope.launch {
            payments.changes().flowOn(io).collect { list ->
                known.value = list
                fees.value = try {
                    withContext(io) { payments.fees() }
                } catch (_: ApiException) {
                    fees.value ?: emptyList()
                }
            }
        }
        refresh()
    }

    /** Fetches the fees from the city; a no-op while a refresh is running. */
    fun refresh() {
        if (!inFlight.compareAndSet(false, true)) return
        status.value = FeesRefresh.Running
        scope.launch {
            val outcome = try {
                // The core stores the list and tells the listener, which reads it above.
                withContext(io) { payments.refreshFees() }
                FeesRefresh.Done
            } catch (e: ApiException) {
                FeesRefresh.Failed(ErrorKind.of(e))
            } finally {
                inFlight.set(false)
            }
            status.value = outcome
        }
    }

    private fun render(fees: List<Fee>?, known: List<Payment>, status: FeesRefresh, f: Formats): FeesState {
        val rows = fees.orEmpty().map { it.toRow(f, known) }
        val running = status == FeesRefresh.Running
        val failed = (status as? FeesRefresh.Failed)?.kind
        val open = rows.filter { it.status != FeeStatus.PAID }
        val paid = rows.filter { it.status == FeeStatus.PAID }
        return when {
            rows.isNotEmpty() -> FeesState(
                phase = FeesPhase.CONTENT,
                open = open,
                paid = paid,
                totalOpen = open.takeIf { it.isNotEmpty() }?.sumOf { it.amountCents }?.let(f::amount),
                refreshing = running,
                banner = failed?.let { if (it == ErrorKind.OFFLINE) FeesBanner.OFFLINE else FeesBanner.REFRESH_FAILED },
                error = failed
            )

            running || fees == null -> FeesState(FeesPhase.LOADING, refreshing = running)

            failed != null -> FeesState(FeesPhase.ERROR, error = failed)

            else -> FeesState(FeesPhase.EMPTY)
        }
    }
}
