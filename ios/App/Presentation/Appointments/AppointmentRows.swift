import Foundation
import LeipzigCore

/// How an appointment stands, as the citizen reads it. "Saved on this phone"
/// and "received by the city" are different states and look different.
/// Mirrors `AppointmentBadge` (AppointmentRows.kt).
enum AppointmentBadge: Equatable, Hashable {
    /// Booked at the city.
    case booked
    /// Held or waiting for the mail link; not yet booked.
    case notConfirmed
    /// The cancellation is saved on the phone, not yet received by the city.
    case cancelSaved
    /// The city refused the cancellation: the citizen must look.
    case cancelRefused
    /// Cancelled at the city.
    case cancelled
}

/// One appointment, formatted.
struct AppointmentRow: Equatable, Hashable, Identifiable {
    let processId: UInt32
    let serviceId: UInt32
    let service: String
    let officeId: UInt32
    let office: String
    let address: String
    let start: String
    let startEpoch: Int64
    let endEpoch: Int64
    let badge: AppointmentBadge
    /// Whether "cancel" and "rebook" are offered.
    let changeable: Bool

    var id: UInt32 { processId }
}

/// A free slot, formatted; `slot` is what booking takes.
struct SlotRow: Equatable, Hashable, Identifiable {
    let slot: Slot
    let office: String
    let start: String

    var id: Slot { slot }
}

/// An office to choose, with what its booking form needs.
struct OfficeOption: Equatable, Hashable, Identifiable {
    let id: UInt32
    let name: String
    let address: String
    let emailRequired: Bool
    let telephoneShown: Bool
    let telephoneRequired: Bool
    let info: String?
}

extension Appointment {
    /// The badge: the phone's sync state first, then the city's status.
    func badge() -> AppointmentBadge {
        if syncState == .cancelPending { return .cancelSaved }
        if syncState == .cancelFailed { return .cancelRefused }
        if status == .deleted { return .cancelled }
        if status == .confirmed { return .booked }
        return .notConfirmed
    }

    /// A list row; "cancel" and "rebook" only for a future appointment that
    /// is booked or whose cancellation the city refused.
    func row(_ formats: Formats, nowEpoch: Int64) -> AppointmentRow {
        let current = badge()
        return AppointmentRow(
            processId: processId,
            serviceId: serviceId,
            service: serviceName,
            officeId: officeId,
            office: officeName,
            address: address,
            start: formats.epoch(timestamp),
            startEpoch: timestamp,
            endEpoch: endTimestamp,
            badge: current,
            changeable: timestamp > nowEpoch && [AppointmentBadge.booked, .cancelRefused].contains(current)
        )
    }
}

extension Slot {
    /// A result row.
    func row(_ formats: Formats) -> SlotRow {
        SlotRow(slot: self, office: officeName, start: formats.epoch(timestamp))
    }
}

extension Office {
    /// The option with the form's flags: the telephone field shows when the
    /// office activates or requires it.
    func option() -> OfficeOption {
        OfficeOption(
            id: id,
            name: name,
            address: address,
            emailRequired: emailRequired,
            telephoneShown: telephoneActivated || telephoneRequired,
            telephoneRequired: telephoneRequired,
            info: info
        )
    }
}
