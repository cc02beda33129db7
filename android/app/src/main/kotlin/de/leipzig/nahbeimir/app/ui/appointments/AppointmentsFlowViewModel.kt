package de.leipzig.nahbeimir.app.ui.appointments

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Contact
import de.leipzig.nahbeimir.core.Office
import de.leipzig.nahbeimir.core.Slot
import de.leipzig.nahbeimir.presentation.account.ProfileStateHolder
import de.leipzig.nahbeimir.presentation.appointments.AppointmentRow
import de.leipzig.nahbeimir.presentation.appointments.ServiceOption
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.withContext

/**
 * The slot the citizen picked and the office it is at: what the booking form is built on;
 * [prefill] is the logged-in citizen's contact from the profile (null when nobody is).
 */
data class BookingSelection(val slot: Slot, val office: Office, val prefill: Contact? = null)

/**
 * What the appointment screens hand each other, scoped to the appointments navigation graph
 * (it lives from entering "appointments" until leaving it). It decides nothing: it carries
 * the chosen [Slot] and [Office] to the booking form (core records, not route arguments)
 * with the contact from the citizen's profile (a [ProfileStateHolder] read from the phone
 * while the flow lives), remembers which appointment is being rebooked, and keeps the
 * services' names the search loaded, so the watch list can name its services.
 */
class AppointmentsFlowViewModel(private val container: AppContainer) : ViewModel() {
    private val profile =
        ProfileStateHolder(container.account, viewModelScope, container.languageSetting.formats)

    /** The slot to book; null after the process was restarted (the form then closes). */
    var selection: BookingSelection? = null
        private set

    /** The appointment "rebook" started from, until a fresh search starts. */
    var rebooking: AppointmentRow? = null
        private set

    private val names = MutableStateFlow<Map<UInt, String>>(emptyMap())

    /** Service names by id, as far as a search has loaded them. */
    val serviceNames: StateFlow<Map<UInt, String>> = names.asStateFlow()

    /** The citizen tapped a slot; the form starts with the profile's contact, if logged in. */
    fun choose(slot: Slot, office: Office) {
        selection = BookingSelection(slot, office, profile.contact())
    }

    /** "Rebook" on [row], or a fresh search (null). */
    fun startSearch(row: AppointmentRow?) {
        rebooking = row
    }

    /** The search loaded its services. */
    fun knowServices(services: List<ServiceOption>) {
        if (services.isNotEmpty()) names.value = services.associate { it.id to it.name }
    }

    /**
     * The office of a slot that did not come from a search (a watch's match): the watch list
     * has only the office's id, the booking form needs its rules. Null when it cannot be read.
     */
    suspend fun officeOf(slot: Slot): Office? = try {
        withContext(Dispatchers.IO) { container.appointments.offices(slot.serviceId) }
            .firstOrNull { it.id == slot.officeId }
    } catch (_: ApiException) {
        null
    }
}
