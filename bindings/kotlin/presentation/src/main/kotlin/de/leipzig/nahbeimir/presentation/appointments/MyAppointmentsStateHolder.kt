package de.leipzig.nahbeimir.presentation.appointments

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Appointment
import de.leipzig.nahbeimir.core.Appointments
import de.leipzig.nahbeimir.core.Outbox
import de.leipzig.nahbeimir.core.OutboxEntry
import de.leipzig.nahbeimir.core.OutboxState
import de.leipzig.nahbeimir.core.Reminder
import de.leipzig.nahbeimir.core.flow.updates
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.time.Instant
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

/** My appointments, split by time, plus what still waits for the city. */
data class MyAppointmentsState(
    val loading: Boolean = true,
    val upcoming: List<AppointmentRow> = emptyList(),
    val past: List<AppointmentRow> = emptyList(),
    /** Actions saved on the phone, not yet received by the city. */
    val waitingActions: Int = 0,
    /** Actions the city refused: the citizen must look. */
    val refusedActions: Int = 0,
    val error: ErrorKind? = null
)

/**
 * State holder of "my appointments": from the phone (works offline), updated by the
 * core's listener. Cancelling works offline too; the row then says "saved on this
 * phone" until the city has received it.
 */
class MyAppointmentsStateHolder(
    private val appointments: Appointments,
    private val outbox: Outbox,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    private val now: () -> Instant = Instant::now
) {
    private val error = MutableStateFlow<ErrorKind?>(null)
    private val items = MutableStateFlow<List<Appointment>?>(null)
    private val entries = MutableStateFlow<List<OutboxEntry>>(emptyList())

    /** The screen's state. */
    val state: StateFlow<MyAppointmentsState> = combine(items, entries, error, formats) { items, entries, error, f ->
        val nowEpoch = now().epochSecond
        val rows = items.orEmpty().map { it.toRow(f, nowEpoch) }
        MyAppointmentsState(
            loading = items == null,
            upcoming = rows.filter { it.startEpoch >= nowEpoch },
            past = rows.filter { it.startEpoch < nowEpoch },
            waitingActions = entries.count { it.state == OutboxState.PENDING || it.state == OutboxState.SENDING },
            refusedActions = entries.count { it.state == OutboxState.NEEDS_ATTENTION },
            error = error
        )
    }.stateIn(scope, SharingStarted.Eagerly, MyAppointmentsState())

    init {
        scope.launch { appointments.updates().flowOn(io).collect { items.value = it } }
        scope.launch { outbox.updates().flowOn(io).collect { entries.value = it } }
    }

    /** Cancels; offline the cancellation is saved and sent later. */
    fun cancel(processId: UInt) = act { appointments.cancel(processId) }

    /** Sends what is saved on the phone now (pull to refresh). */
    fun sync() = act { outbox.run() }

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

    /** The appointment as an `.ics` file, for the share sheet or the calendar. */
    suspend fun calendarFile(processId: UInt): String = withContext(io) { appointments.ics(processId) }

    /** When the shell should schedule notifications (the day before, two hours before). */
    suspend fun reminders(): List<Reminder> = withContext(io) { appointments.upcomingReminders(now()) }
}
