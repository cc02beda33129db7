package de.leipzig.nahbeimir.presentation.appointments

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Appointment
import de.leipzig.nahbeimir.core.Appointments
import de.leipzig.nahbeimir.core.BookingRequest
import de.leipzig.nahbeimir.core.Contact
import de.leipzig.nahbeimir.core.Office
import de.leipzig.nahbeimir.core.Slot
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Where the booking form stands. */
enum class BookingPhase {
    /** Filling in. */
    EDITING,

    /** Reserving and confirming. */
    BOOKING,

    /** Booked: [BookingState.booked]. */
    BOOKED,

    /** Someone else took the slot: pick one of [BookingState.alternatives]. */
    SLOT_TAKEN,

    /** The reservation expired before confirming: nothing was booked. */
    EXPIRED,

    /** It failed: [BookingState.error]. */
    ERROR
}

/** A form field that can be wrong. */
enum class BookingField { NAME, EMAIL, PHONE }

/** The booking form's state. */
data class BookingState(
    val phase: BookingPhase,
    val slot: SlotRow,
    val office: OfficeOption,
    val name: String,
    val email: String,
    val phone: String,
    /** The field the city's rules reject, with the core's reason. */
    val invalidField: BookingField? = null,
    val invalidReason: String? = null,
    val booked: AppointmentRow? = null,
    val alternatives: List<SlotRow> = emptyList(),
    val error: ErrorKind? = null,
    /** Booking replaces an existing appointment (rebook). */
    val rebooking: Boolean = false,
    /** After a rebook: the old appointment, cancelled or with its cancellation on its way. */
    val replaced: AppointmentRow? = null
)

/**
 * State holder of the booking form. The rules (required e-mail or telephone, formats)
 * are the core's: it checks them before anything is sent, and this maps its answer to
 * the field. [prefill] comes from the profile once there is one. With [rebookOf], a slot
 * for the same service replaces that appointment: the core books the new one first and
 * only then cancels the old, so the citizen never ends up with neither. A slot for
 * another service is a plain new booking (the old appointment stays).
 */
class BookingStateHolder(
    private val appointments: Appointments,
    slot: Slot,
    office: Office,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    prefill: Contact? = null,
    private val rebookOf: AppointmentRow? = null
) {
    private data class Raw(
        val phase: BookingPhase,
        val slot: Slot,
        val name: String,
        val email: String,
        val phone: String,
        val field: BookingField? = null,
        val reason: String? = null,
        val booked: Appointment? = null,
        val replaced: Appointment? = null,
        val alternatives: List<Slot> = emptyList(),
        val error: ErrorKind? = null
    )

    private val officeOption = office.toOption()
    private val raw = MutableStateFlow(
        Raw(
            BookingPhase.EDITING,
            slot,
            prefill?.familyName.orEmpty(),
            prefill?.email.orEmpty(),
            prefill?.telephone.orEmpty()
        )
    )

    /** The form's state. */
    val state: StateFlow<BookingState> = combine(raw, formats) { r, f -> render(r, f) }
        .stateIn(scope, SharingStarted.Eagerly, render(raw.value, formats.value))

    private fun render(r: Raw, f: Formats) = BookingState(
        phase = r.phase,
        slot = r.slot.toRow(f),
        office = officeOption,
        name = r.name,
        email = r.email,
        phone = r.phone,
        invalidField = r.field,
        invalidReason = r.reason,
        booked = r.booked?.toRow(f, 0),
        alternatives = r.alternatives.map { it.toRow(f) },
        error = r.error,
        rebooking = replaces(r.slot) != null,
        replaced = r.replaced?.toRow(f, 0)
    )

    /** The family name as typed. */
    fun updateName(value: String) = edit { copy(name = value) }

    /** The e-mail address as typed. */
    fun updateEmail(value: String) = edit { copy(email = value) }

    /** The telephone number as typed. */
    fun updatePhone(value: String) = edit { copy(phone = value) }

    private fun edit(change: Raw.() -> Raw) {
        if (raw.value.phase == BookingPhase.BOOKING) return
        raw.value = raw.value.change().copy(field = null, reason = null)
    }

    /** Takes one of the offered alternatives after the slot was taken. */
    fun chooseAlternative(slot: Slot) {
        raw.value = raw.value.copy(phase = BookingPhase.EDITING, slot = slot, alternatives = emptyList(), error = null)
    }

    /** Books (or rebooks). */
    fun submit() {
        val r = raw.value
        if (r.phase == BookingPhase.BOOKING || r.phase == BookingPhase.BOOKED) return
        raw.value = r.copy(phase = BookingPhase.BOOKING, error = null, field = null, reason = null)
        val contact = Contact(r.name.trim(), r.email.trim().ifEmpty { null }, r.phone.trim().ifEmpty { null })
        val request = BookingRequest(r.slot.officeId, r.slot.serviceId, 1u, r.slot.timestamp, contact)
        scope.launch {
            raw.value = try {
                val old = replaces(r.slot)
                if (old == null) {
                    val booked = withContext(io) { appointments.book(request) }
                    raw.value.copy(phase = BookingPhase.BOOKED, booked = booked)
                } else {
                    val done = withContext(io) {
                        appointments.rebook(old, r.slot.timestamp, r.slot.officeId, contact)
                    }
                    raw.value.copy(phase = BookingPhase.BOOKED, booked = done.booked, replaced = done.replaced)
                }
            } catch (e: ApiException.SlotTaken) {
                raw.value.copy(phase = BookingPhase.SLOT_TAKEN, alternatives = e.alternatives)
            } catch (e: ApiException.Validation) {
                raw.value.copy(phase = BookingPhase.EDITING, field = fieldOf(e.field), reason = e.reason)
            } catch (e: ApiException.Conflict) {
                // The core reports an expired reservation as a conflict.
                raw.value.copy(phase = BookingPhase.EXPIRED, error = ErrorKind.CONFLICT)
            } catch (e: ApiException) {
                raw.value.copy(phase = BookingPhase.ERROR, error = ErrorKind.of(e))
            }
        }
    }

    private fun replaces(slot: Slot): UInt? = rebookOf?.takeIf { it.serviceId == slot.serviceId }?.processId

    private fun fieldOf(core: String): BookingField? = when (core) {
        "family_name" -> BookingField.NAME
        "email" -> BookingField.EMAIL
        "telephone" -> BookingField.PHONE
        else -> null
    }
}
