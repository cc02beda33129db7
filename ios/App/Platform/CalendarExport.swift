import CoreTransferable
import EventKit
import Foundation
import LeipzigCore
import UniformTypeIdentifiers

/// "Add to calendar" through EventKit: one event for an appointment (from
/// its row: service, office, address, start and end), with an alarm at each
/// of the core's reminder times for it (no offsets here).
///
/// iOS 17 asks for write-only access (`NSCalendarsWriteOnlyAccessUsageDescription`),
/// iOS 16 for full access (`NSCalendarsUsageDescription`). When access is
/// refused the screens offer the core's `.ics` through `ShareLink`
/// (`CalendarFile`) instead.
@MainActor
enum CalendarExport {
    /// What came of it.
    enum Outcome: Equatable {
        /// The event is in the default calendar.
        case added
        /// The citizen did not allow calendar access.
        case denied
        /// Reading the reminders or saving the event failed.
        case failed
    }

    /// Adds the appointment of `row` to the default calendar.
    static func add(_ row: AppointmentRow, appointments: Appointments) async -> Outcome {
        let store = EKEventStore()
        do {
            guard try await requestAccess(store) else { return .denied }
            let reminders = try await Task.detached { try appointments.upcomingReminders(now: Date()) }.value
            let event = EKEvent(eventStore: store)
            event.title = row.service
            event.location = [row.office, row.address].filter { !$0.isEmpty }.joined(separator: ", ")
            event.startDate = Date(timeIntervalSince1970: TimeInterval(row.startEpoch))
            event.endDate = Date(timeIntervalSince1970: TimeInterval(max(row.endEpoch, row.startEpoch)))
            event.timeZone = Formats.leipzig
            event.calendar = store.defaultCalendarForNewEvents
            for reminder in reminders where reminder.processId == row.processId {
                event.addAlarm(EKAlarm(absoluteDate: reminder.at))
            }
            try store.save(event, span: .thisEvent)
            return .added
        } catch {
            return .failed
        }
    }

    private static func requestAccess(_ store: EKEventStore) async throws -> Bool {
        if #available(iOS 17.0, *) {
            return try await store.requestWriteOnlyAccessToEvents()
        }
        return try await store.requestAccess(to: .event)
    }
}

/// An appointment's `.ics` for `ShareLink`: `load` (the core's
/// `calendarFile`) runs only when the share sheet asks for the file, which
/// is then written to the temporary directory.
struct CalendarFile: Transferable, Sendable {
    let processId: UInt32
    let load: @Sendable () async throws -> String

    static var transferRepresentation: some TransferRepresentation {
        FileRepresentation(exportedContentType: .calendarEvent) { (file: CalendarFile) -> SentTransferredFile in
            let text = try await file.load()
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("appointment-\(file.processId).ics")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return SentTransferredFile(url)
        }
    }
}
