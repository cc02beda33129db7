package de.leipzig.nahbeimir.presentation.appointments

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Appointments
import de.leipzig.nahbeimir.core.SlotWatch
import de.leipzig.nahbeimir.core.WatchState
import de.leipzig.nahbeimir.core.flow.updates
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.time.LocalDate
import java.time.format.DateTimeParseException
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

/** One watch, formatted; [matches] are bookable offers. */
data class WatchRow(
    val id: String,
    val serviceId: UInt,
    val period: String,
    val state: WatchState,
    val matches: List<SlotRow>
)

/** The watch list. */
data class WatchesState(
    val watches: List<WatchRow> = emptyList(),
    val refreshing: Boolean = false,
    val error: ErrorKind? = null
)

/**
 * State holder of "tell me when a slot frees up". The city watches (one server polls
 * ZMS for everyone); adding and removing go through the outbox, so they work offline.
 */
class WatchesStateHolder(
    private val appointments: Appointments,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private val watches = MutableStateFlow<List<SlotWatch>>(emptyList())
    private val refreshing = MutableStateFlow(false)
    private val error = MutableStateFlow<ErrorKind?>(null)

    /** The screen's state. */
    val state: StateFlow<WatchesState> = combine(watches, refreshing, error, formats) { w, r, e, f ->
        WatchesState(
            watches = w.map { watch ->
                WatchRow(
                    id = watch.id,
                    serviceId = watch.serviceId,
                    period = "${day(f, watch.from)} – ${day(f, watch.to)}",
                    state = watch.state,
                    matches = watch.matches.map { it.toRow(f) }
                )
            },
            refreshing = r,
            error = e
        )
    }.stateIn(scope, SharingStarted.Eagerly, WatchesState())

    init {
        // Watch changes reach the appointments listener; re-read the watches each time.
        scope.launch {
            appointments.updates().flowOn(io).collect {
                try {
                    watches.value = withContext(io) { appointments.watches() }
                } catch (e: ApiException) {
                    // Keep the list on screen; the next change or refresh tries again.
                    error.value = ErrorKind.of(e)
                }
            }
        }
        refresh()
    }

    /** Fetches what the city found. */
    fun refresh() {
        refreshing.value = true
        scope.launch {
            try {
                watches.value = withContext(io) { appointments.refreshWatches() }
                error.value = null
            } catch (e: ApiException) {
                error.value = ErrorKind.of(e)
            } finally {
                refreshing.value = false
            }
        }
    }

    /** Starts watching (saved on the phone at once). */
    fun add(serviceId: UInt, officeIds: List<UInt>, from: LocalDate, to: LocalDate) = act {
        appointments.addWatch(serviceId, officeIds, from.toString(), to.toString())
    }

    /** Stops watching. */
    fun remove(id: String) = act { appointments.removeWatch(id) }

    private fun act(block: suspend () -> Unit) {
        error.value = null
        scope.launch {
            try {
                withContext(io) { block() }
            } catch (e: ApiException) {
                error.value = ErrorKind.of(e)
            }
        }
    }
}

/** A day from the core, formatted; shown as sent if it is not an ISO date. */
private fun day(formats: Formats, iso: String): String = try {
    formats.day(LocalDate.parse(iso))
} catch (e: DateTimeParseException) {
    iso
}
