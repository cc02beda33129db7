package de.leipzig.nahbeimir.presentation.appointments

import de.leipzig.nahbeimir.core.Appointment
import de.leipzig.nahbeimir.core.AppointmentStatus
import de.leipzig.nahbeimir.core.Office
import de.leipzig.nahbeimir.core.Slot
import de.leipzig.nahbeimir.core.SyncState
import de.leipzig.nahbeimir.presentation.Formats

/**
 * How an appointment stands, as the citizen reads it. "Saved on this phone" and
 * "received by the city" are different states and look different.
 */
enum class AppointmentBadge {
    /** Booked at the city. */
    BOOKED,

    /** Held or waiting for the mail link; not yet booked. */
    NOT_CONFIRMED,

    /** The cancellation is saved on the phone, not yet received by the city. */
    CANCEL_SAVED,

    /** The city refused the cancellation: the citizen must look. */
    CANCEL_REFUSED,

    /** Cancelled at the city. */
    CANCELLED
}

/** One appointment, formatted. */
data class AppointmentRow(
    val processId: UInt,
    val serviceId: UInt,
    val service: String,
    val officeId: UInt,
    val office: String,
    val address: String,
    val start: String,
    val startEpoch: Long,
    val endEpoch: Long,
    val badge: AppointmentBadge,
    /** Whether "cancel" and "rebook" are offered. */
    val changeable: Boolean
)

/** A free slot, formatted; [slot] is what booking takes. */
data class SlotRow(val slot: Slot, val office: String, val start: String)

/** An office to choose, with what its booking form needs. */
data class OfficeOption(
    val id: UInt,
    val name: String,
    val address: String,
    val emailRequired: Boolean,
    val telephoneShown: Boolean,
    val telephoneRequired: Boolean,
    val info: String?
)

internal fun Appointment.badge(): AppointmentBadge = when {
    syncState == SyncState.CANCEL_PENDING -> AppointmentBadge.CANCEL_SAVED
    syncState == SyncState.CANCEL_FAILED -> AppointmentBadge.CANCEL_REFUSED
    status == AppointmentStatus.DELETED -> AppointmentBadge.CANCELLED
    status == AppointmentStatus.CONFIRMED -> AppointmentBadge.BOOKED
    else -> AppointmentBadge.NOT_CONFIRMED
}

internal fun Appointment.toRow(formats: Formats, nowEpoch: Long) = AppointmentRow(
    processId = processId,
    serviceId = serviceId,
    service = serviceName,
    officeId = officeId,
    office = officeName,
    address = address,
    start = formats.epoch(timestamp),
    startEpoch = timestamp,
    endEpoch = endTimestamp,
    badge = badge(),
    changeable = timestamp > nowEpoch && badge() in setOf(AppointmentBadge.BOOKED, AppointmentBadge.CANCEL_REFUSED)
)

internal fun Slot.toRow(formats: Formats) = SlotRow(this, officeName, formats.epoch(timestamp))

internal fun Office.toOption() = OfficeOption(
    id = id,
    name = name,
    address = address,
    emailRequired = emailRequired,
    telephoneShown = telephoneActivated || telephoneRequired,
    telephoneRequired = telephoneRequired,
    info = info
)
