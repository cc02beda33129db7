import Combine
import Foundation
import LeipzigCore

/// Where the booking form stands. Mirrors `BookingPhase` (BookingStateHolder.kt).
enum BookingPhase: Equatable {
    /// Filling in.
    case editing
    /// Reserving and confirming.
    case booking
    /// Booked: `BookingState.booked`.
    case booked
    /// Someone else took the slot: pick one of `BookingState.alternatives`.
    case slotTaken
    /// The reservation expired before confirming: nothing was booked.
    case expired
    /// It failed: `BookingState.error`.
    case error
}

/// A form field that can be wrong.
enum BookingField: Hashable {
    case name
    case email
    case phone
}

/// The booking form's state.
struct BookingState: Equatable {
    var phase: BookingPhase
    var slot: SlotRow
    var office: OfficeOption
    var name: String
    var email: String
    var phone: String
    /// The field the city's rules reject, with the core's reason.
    var invalidField: BookingField?
    var invalidReason: String?
    var booked: AppointmentRow?
    var alternatives: [SlotRow] = []
    var error: ErrorKind?
    /// Booking replaces an existing appointment (rebook).
    var rebooking = false
    /// After a rebook: the old appointment, cancelled or with its cancellation on its way.
    var replaced: AppointmentRow?
}

/// The booking form. The rules (required e-mail or telephone, formats) are
/// the core's: it checks them before anything is sent, and this maps its
/// answer to the field. `prefill` comes from the profile once there is one.
/// With `rebookOf`, a slot for the same service replaces that appointment:
/// the core books the new one first and only then cancels the old, so the
/// citizen never ends up with neither. A slot for another service is a plain
/// new booking (the old appointment stays). Mirrors BookingStateHolder.kt
/// one to one.
@MainActor
final class BookingModel: ObservableObject {
    /// The form's state.
    @Published private(set) var state: BookingState

    private struct Raw {
        var phase: BookingPhase
        var slot: Slot
        var name: String
        var email: String
        var phone: String
        var field: BookingField?
        var reason: String?
        var booked: Appointment?
        var replaced: Appointment?
        var alternatives: [Slot] = []
        var error: ErrorKind?
    }

    private let appointments: Appointments
    private let officeOption: OfficeOption
    private let rebookOf: AppointmentRow?
    private var raw: Raw {
        didSet { render() }
    }
    private var formats: Formats
    private var languageChanges: AnyCancellable?

    init(
        appointments: Appointments,
        slot: Slot,
        office: Office,
        language: LanguageSetting,
        prefill: Contact? = nil,
        rebookOf: AppointmentRow? = nil
    ) {
        self.appointments = appointments
        let option = office.option()
        officeOption = option
        self.rebookOf = rebookOf
        formats = language.formats
        let raw = Raw(
            phase: .editing,
            slot: slot,
            name: prefill?.familyName ?? "",
            email: prefill?.email ?? "",
            phone: prefill?.telephone ?? ""
        )
        self.raw = raw
        state = Self.render(raw, option, rebookOf, language.formats)
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
    }

    /// The family name as typed.
    func updateName(_ value: String) { edit { $0.name = value } }

    /// The e-mail address as typed.
    func updateEmail(_ value: String) { edit { $0.email = value } }

    /// The telephone number as typed.
    func updatePhone(_ value: String) { edit { $0.phone = value } }

    private func edit(_ change: (inout Raw) -> Void) {
        if raw.phase == .booking { return }
        update {
            change(&$0)
            $0.field = nil
            $0.reason = nil
        }
    }

    /// Takes one of the offered alternatives after the slot was taken.
    func chooseAlternative(_ slot: Slot) {
        update {
            $0.phase = .editing
            $0.slot = slot
            $0.alternatives = []
            $0.error = nil
        }
    }

    /// Books (or rebooks).
    func submit() {
        let r = raw
        if r.phase == .booking || r.phase == .booked { return }
        update {
            $0.phase = .booking
            $0.error = nil
            $0.field = nil
            $0.reason = nil
        }
        let contact = Contact(
            familyName: Self.trim(r.name),
            email: Self.nonEmpty(Self.trim(r.email)),
            telephone: Self.nonEmpty(Self.trim(r.phone))
        )
        let request = BookingRequest(
            officeId: r.slot.officeId,
            serviceId: r.slot.serviceId,
            count: 1,
            timestamp: r.slot.timestamp,
            contact: contact
        )
        let replaces = Self.replaces(rebookOf, r.slot)
        Task { [appointments] in
            do {
                if let old = replaces {
                    let done = try await appointments.rebook(
                        processId: old,
                        timestamp: request.timestamp,
                        officeId: request.officeId,
                        contact: contact
                    )
                    self.update { $0.phase = .booked; $0.booked = done.booked; $0.replaced = done.replaced }
                } else {
                    let booked = try await appointments.book(request: request)
                    self.update { $0.phase = .booked; $0.booked = booked }
                }
            } catch ApiError.SlotTaken(let alternatives) {
                self.update { $0.phase = .slotTaken; $0.alternatives = alternatives }
            } catch ApiError.Validation(let field, let reason) {
                let invalid = Self.field(field)
                self.update { $0.phase = .editing; $0.field = invalid; $0.reason = reason }
            } catch ApiError.Conflict(_) {
                // The core reports an expired reservation as a conflict.
                self.update { $0.phase = .expired; $0.error = .conflict }
            } catch {
                let kind = ErrorKind(error)
                self.update { $0.phase = .error; $0.error = kind }
            }
        }
    }

    private static func field(_ core: String) -> BookingField? {
        switch core {
        case "family_name": return .name
        case "email": return .email
        case "telephone": return .phone
        default: return nil
        }
    }

    private static func trim(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    private func update(_ change: (inout Raw) -> Void) {
        var next = raw
        change(&next)
        raw = next
    }

    private func render() {
        let next = Self.render(raw, officeOption, rebookOf, formats)
        if next != state { state = next }
    }

    /// The appointment a booking of `slot` replaces: only one of the same service.
    private static func replaces(_ rebookOf: AppointmentRow?, _ slot: Slot) -> UInt32? {
        guard let old = rebookOf, old.serviceId == slot.serviceId else { return nil }
        return old.processId
    }

    private static func render(_ r: Raw, _ office: OfficeOption, _ rebookOf: AppointmentRow?, _ f: Formats) -> BookingState {
        BookingState(
            phase: r.phase,
            slot: r.slot.row(f),
            office: office,
            name: r.name,
            email: r.email,
            phone: r.phone,
            invalidField: r.field,
            invalidReason: r.reason,
            booked: r.booked?.row(f, nowEpoch: 0),
            alternatives: r.alternatives.map { $0.row(f) },
            error: r.error,
            rebooking: replaces(rebookOf, r.slot) != nil,
            replaced: r.replaced?.row(f, nowEpoch: 0)
        )
    }
}
