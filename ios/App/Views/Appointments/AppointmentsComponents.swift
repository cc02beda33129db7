import LeipzigCore
import SwiftUI

/// Where the Appointments stack can go. `replacing` carries the appointment
/// a rebooking replaces: the booking form then rebooks it (the core books the
/// new slot first, then cancels the old one) and names it in its hints.
enum AppointmentsRoute: Hashable {
    /// The slot search, optionally with a service chosen.
    case search(serviceId: UInt32?, replacing: AppointmentRow?)
    /// The booking form for a slot at an office.
    case booking(slot: Slot, office: Office, replacing: AppointmentRow?)
    /// My watches.
    case watches
    /// The booking form for a slot a watch found (its office is looked up first).
    case watchMatch(slot: Slot)
}

/// The badge as text, icon and color. Each state differs in all three (not
/// by color alone): "saved on this phone" shows a phone, "received by the
/// city" a building.
extension AppointmentBadge {
    var titleKey: LocalizedStringKey {
        switch self {
        case .booked: return "appointments.badge.booked"
        case .notConfirmed: return "appointments.badge.notConfirmed"
        case .cancelSaved: return "appointments.badge.cancelSaved"
        case .cancelRefused: return "appointments.badge.cancelRefused"
        case .cancelled: return "appointments.badge.cancelled"
        }
    }

    var symbol: String {
        switch self {
        case .booked: return "checkmark.seal.fill"
        case .notConfirmed: return "hourglass"
        case .cancelSaved: return "iphone.radiowaves.left.and.right"
        case .cancelRefused: return "exclamationmark.octagon.fill"
        case .cancelled: return "building.columns"
        }
    }

    var color: Color {
        switch self {
        case .booked: return .green
        case .notConfirmed: return .orange
        case .cancelSaved: return .blue
        case .cancelRefused: return .red
        case .cancelled: return .secondary
        }
    }
}

/// A small capsule with the badge's icon and text; VoiceOver reads the text.
struct AppointmentBadgeView: View {
    let badge: AppointmentBadge

    var body: some View {
        Label(badge.titleKey, systemImage: badge.symbol)
            .font(.caption.weight(.semibold))
            .foregroundStyle(badge.color)
            .padding(.horizontal, 8)
            .padding(.vertical, 3)
            .background(badge.color.opacity(0.15), in: Capsule())
            .overlay {
                // "Saved on this phone" is also dashed: not yet final.
                if badge == .cancelSaved {
                    Capsule().strokeBorder(badge.color, style: StrokeStyle(lineWidth: 1, dash: [3, 2]))
                }
            }
    }
}

/// One appointment: service, time, office, address and the badge, read by
/// VoiceOver as one element.
struct AppointmentRowView: View {
    let row: AppointmentRow

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(row.service)
                .font(.headline)
                .strikethrough(row.badge == .cancelled)
            Text(row.start)
                .font(.subheadline)
            Text(row.office)
                .font(.subheadline)
                .foregroundStyle(.secondary)
            if !row.address.isEmpty {
                Text(row.address)
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
            AppointmentBadgeView(badge: row.badge)
                .padding(.top, 2)
        }
        .padding(.vertical, 2)
        .accessibilityElement(children: .combine)
    }
}

/// A free slot: time and office.
struct SlotRowView: View {
    let row: SlotRow

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(row.start)
                .font(.body.weight(.semibold))
            Text(row.office)
                .font(.subheadline)
                .foregroundStyle(.secondary)
        }
        .accessibilityElement(children: .combine)
    }
}

/// A failure shown inline above content that is still useful.
struct InlineErrorView: View {
    let kind: ErrorKind
    var retry: (() -> Void)?

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 12) {
            Label(kind.messageKey, systemImage: kind.symbol)
                .font(.subheadline)
                .frame(maxWidth: .infinity, alignment: .leading)
            if let retry {
                Button("action.retry", action: retry)
                    .font(.subheadline.weight(.semibold))
                    .buttonStyle(.borderless)
            }
        }
        .accessibilityElement(children: .contain)
    }
}

/// "Add to calendar" (EventKit) and "share calendar file" (the core's `.ics`,
/// the fallback when calendar access is refused), with the outcome below.
@MainActor
struct CalendarActions: View {
    private let row: AppointmentRow
    private let appointments: Appointments
    private let calendarFile: @Sendable () async throws -> String
    @State private var outcome: CalendarExport.Outcome?
    @State private var adding = false

    init(
        row: AppointmentRow,
        appointments: Appointments,
        calendarFile: @escaping @Sendable () async throws -> String
    ) {
        self.row = row
        self.appointments = appointments
        self.calendarFile = calendarFile
    }

    var body: some View {
        Button {
            adding = true
            Task {
                outcome = await CalendarExport.add(row, appointments: appointments)
                adding = false
            }
        } label: {
            Label("appointments.calendar.add", systemImage: "calendar.badge.plus")
        }
        .disabled(adding)
        ShareLink(
            item: CalendarFile(processId: row.processId, load: calendarFile),
            preview: SharePreview(title, image: Image(systemName: "calendar"))
        ) {
            Label("appointments.calendar.share", systemImage: "square.and.arrow.up")
        }
        if let outcome {
            Text(outcome.messageKey)
                .font(.footnote)
                .foregroundStyle(.secondary)
        }
    }

    /// The share sheet's preview title (service and time, as shown).
    private var title: String {
        "\(row.service), \(row.start)"
    }
}

extension CalendarExport.Outcome {
    var messageKey: LocalizedStringKey {
        switch self {
        case .added: return "appointments.calendar.added"
        case .denied: return "appointments.calendar.denied"
        case .failed: return "appointments.calendar.failed"
        }
    }
}
