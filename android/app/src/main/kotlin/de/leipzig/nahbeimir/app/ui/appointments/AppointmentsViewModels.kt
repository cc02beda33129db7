package de.leipzig.nahbeimir.app.ui.appointments

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.app.platform.AppointmentReminders
import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Contact
import de.leipzig.nahbeimir.core.Office
import de.leipzig.nahbeimir.core.Slot
import de.leipzig.nahbeimir.presentation.appointments.AppointmentRow
import de.leipzig.nahbeimir.presentation.appointments.BookingPhase
import de.leipzig.nahbeimir.presentation.appointments.BookingState
import de.leipzig.nahbeimir.presentation.appointments.BookingStateHolder
import de.leipzig.nahbeimir.presentation.appointments.MyAppointmentsState
import de.leipzig.nahbeimir.presentation.appointments.MyAppointmentsStateHolder
import de.leipzig.nahbeimir.presentation.appointments.SearchPhase
import de.leipzig.nahbeimir.presentation.appointments.SlotSearchState
import de.leipzig.nahbeimir.presentation.appointments.SlotSearchStateHolder
import de.leipzig.nahbeimir.presentation.appointments.WatchesState
import de.leipzig.nahbeimir.presentation.appointments.WatchesStateHolder
import java.time.Instant
import java.time.LocalDate
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.filterNot
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Keeps a [MyAppointmentsStateHolder]; forwards its intents. While it lives, every change of
 * the upcoming appointments (a booking, a cancellation, the city's answer) re-schedules the
 * reminders, if the citizen asked for them.
 */
class MyAppointmentsViewModel(private val container: AppContainer) : ViewModel() {
    private val holder = MyAppointmentsStateHolder(
        container.appointments,
        container.outbox,
        viewModelScope,
        container.languageSetting.formats
    )

    /** The screen's state. */
    val state: StateFlow<MyAppointmentsState> = holder.state

    /** For the permission check before reminders are switched on. */
    val reminders: AppointmentReminders get() = container.reminders

    init {
        viewModelScope.launch {
            holder.state
                .filterNot { it.loading }
                .map { state -> state.upcoming.map { it.processId to it.badge } }
                .distinctUntilChanged()
                .collect { if (container.reminders.enabled) enableReminders() }
        }
    }

    /** Confirmed "cancel": offline it is saved on the phone and sent later. */
    fun cancel(processId: UInt) = holder.cancel(processId)

    /** Pull to refresh and "try again": sends what waits on the phone. */
    fun sync() = holder.sync()

    /** The appointment as `.ics` text; null when the core could not write it. */
    suspend fun calendarFile(processId: UInt): String? = try {
        holder.calendarFile(processId)
    } catch (_: ApiException) {
        null
    }

    /** The citizen asked for reminders: schedule the core's; false when it could not answer. */
    suspend fun enableReminders(): Boolean = try {
        container.reminders.enable(holder.reminders())
        true
    } catch (_: ApiException) {
        false
    }
}

/**
 * Keeps a [SlotSearchStateHolder]; forwards its intents. [preselected] (from "rebook") is
 * chosen as soon as the services are there, not before: the holder's service list would
 * replace an earlier choice.
 */
class SlotSearchViewModel(container: AppContainer, preselected: UInt?) : ViewModel() {
    private val holder =
        SlotSearchStateHolder(container.appointments, viewModelScope, container.languageSetting.formats)

    /** The screen's state. */
    val state: StateFlow<SlotSearchState> = holder.state

    init {
        if (preselected != null) {
            viewModelScope.launch {
                val ready = holder.state.first { it.phase != SearchPhase.LOADING }
                val known = ready.services.any { it.id == preselected }
                if (ready.phase == SearchPhase.CHOOSE_SERVICE && ready.serviceId == null && known) {
                    holder.selectService(preselected)
                }
            }
        }
    }

    /** A service was picked. */
    fun selectService(id: UInt) = holder.selectService(id)

    /** An office chip was tapped. */
    fun toggleOffice(id: UInt) = holder.toggleOffice(id)

    /** The period was picked. */
    fun setPeriod(from: LocalDate, to: LocalDate) = holder.setPeriod(from, to)

    /** "Search", and "try again" after an error. */
    fun search() = holder.search()

    /** The office of a found slot, for the booking form. */
    fun office(id: UInt): Office? = holder.office(id)
}

/**
 * Keeps a [BookingStateHolder] for one chosen [Slot] at its [Office]; forwards its intents.
 * The form starts with [prefill] (the logged-in citizen's profile). With [rebookOf], a slot
 * of the same service replaces that appointment (the core books the new one, then cancels
 * the old). Once booked, the reminders are re-scheduled (if the citizen asked for them).
 */
class BookingViewModel(
    private val container: AppContainer,
    slot: Slot,
    office: Office,
    rebookOf: AppointmentRow?,
    prefill: Contact?
) : ViewModel() {
    private val holder = BookingStateHolder(
        container.appointments,
        slot,
        office,
        viewModelScope,
        container.languageSetting.formats,
        prefill = prefill,
        rebookOf = rebookOf
    )

    /** The form's state. */
    val state: StateFlow<BookingState> = holder.state

    /** For the permission check before reminders are switched on. */
    val reminders: AppointmentReminders get() = container.reminders

    init {
        viewModelScope.launch {
            holder.state.first { it.phase == BookingPhase.BOOKED }
            container.reminders.refresh(container.appointments)
        }
    }

    /** The family name as typed. */
    fun updateName(value: String) = holder.updateName(value)

    /** The e-mail address as typed. */
    fun updateEmail(value: String) = holder.updateEmail(value)

    /** The telephone number as typed. */
    fun updatePhone(value: String) = holder.updatePhone(value)

    /** "Book". */
    fun submit() = holder.submit()

    /** One of the alternatives after the slot was taken. */
    fun chooseAlternative(slot: Slot) = holder.chooseAlternative(slot)

    /** The booked appointment as `.ics` text; null when the core could not write it. */
    suspend fun calendarFile(processId: UInt): String? = try {
        withContext(Dispatchers.IO) { container.appointments.ics(processId) }
    } catch (_: ApiException) {
        null
    }

    /** The citizen asked for reminders: schedule the core's; false when it could not answer. */
    suspend fun enableReminders(): Boolean = try {
        val reminders = withContext(Dispatchers.IO) { container.appointments.upcomingReminders(Instant.now()) }
        container.reminders.enable(reminders)
        true
    } catch (_: ApiException) {
        false
    }
}

/**
 * Keeps a [WatchesStateHolder]; forwards its intents. Scoped to the appointments navigation
 * graph: the search adds watches to the same holder the watch list shows.
 */
class WatchesViewModel(container: AppContainer) : ViewModel() {
    private val holder = WatchesStateHolder(container.appointments, viewModelScope, container.languageSetting.formats)

    /** The watch list's state. */
    val state: StateFlow<WatchesState> = holder.state

    /** "Notify me when a slot frees up" for the search's service, offices (none = all) and period. */
    fun add(serviceId: UInt, officeIds: List<UInt>, from: LocalDate, to: LocalDate) =
        holder.add(serviceId, officeIds, from, to)

    /** Stops watching. */
    fun remove(id: String) = holder.remove(id)

    /** Pull to refresh: what the city found. */
    fun refresh() = holder.refresh()
}
