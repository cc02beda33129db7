import Foundation
import LeipzigCore
import UserNotifications

/// Local notifications before my appointments, in the `reminders` category.
///
/// The core decides when (`Appointments.upcomingReminders`, also
/// `MyAppointmentsModel.reminders()`); this only schedules what it returns.
/// Each request's identifier is `appointment.<processId>.<kind>`, so a new
/// schedule replaces the old request, and requests the core no longer returns
/// (a cancelled appointment) are removed. The text is generic ("Appointment
/// tomorrow") in the in-app language, because it shows on the lock screen;
/// only the process id travels, in `userInfo`. Never prompts by itself except
/// in `enable()`, which the booking screen calls once something was booked.
@MainActor
final class AppointmentReminders {
    private static let prefix = "appointment."
    private let appointments: Appointments
    private let notifications: NotificationService
    private let language: LanguageSetting
    private let center = UNUserNotificationCenter.current()

    init(appointments: Appointments, notifications: NotificationService, language: LanguageSetting) {
        self.appointments = appointments
        self.notifications = notifications
        self.language = language
    }

    /// After a booking: asks for permission (the moment the prompt makes
    /// sense), then schedules. Returns whether reminders can be shown.
    @discardableResult
    func enable() async -> Bool {
        guard await notifications.requestAuthorization() else { return false }
        await reschedule()
        return true
    }

    /// Reads the reminders from the core and schedules them (after a
    /// booking or a background sync). A failed read leaves the old schedule.
    func reschedule() async {
        let appointments = self.appointments
        let read = Task.detached { try appointments.upcomingReminders(now: Date()) }
        guard let reminders = try? await read.value else { return }
        await schedule(reminders)
    }

    /// Replaces every scheduled appointment reminder with `reminders`.
    /// Without permission it does nothing.
    func schedule(_ reminders: [Reminder]) async {
        guard await notifications.isAuthorized() else { return }
        var wanted: [String: Reminder] = [:]
        for reminder in reminders {
            wanted[Self.identifier(reminder)] = reminder
        }
        let pending = await center.pendingNotificationRequests()
        let stale = pending.map(\.identifier).filter { $0.hasPrefix(Self.prefix) && wanted[$0] == nil }
        center.removePendingNotificationRequests(withIdentifiers: stale)
        for (identifier, reminder) in wanted {
            guard let trigger = Self.trigger(at: reminder.at) else { continue }
            let request = UNNotificationRequest(identifier: identifier, content: content(reminder), trigger: trigger)
            // Adding under an existing identifier replaces that request.
            try? await center.add(request)
        }
    }

    /// After "delete all data": no appointment reminder stays scheduled or shown.
    func removeAll() async {
        let pending = await center.pendingNotificationRequests().map(\.identifier)
        center.removePendingNotificationRequests(withIdentifiers: pending.filter { $0.hasPrefix(Self.prefix) })
        let delivered = await center.deliveredNotifications().map(\.request.identifier)
        center.removeDeliveredNotifications(withIdentifiers: delivered.filter { $0.hasPrefix(Self.prefix) })
    }

    private static func identifier(_ reminder: Reminder) -> String {
        "\(prefix)\(reminder.processId).\(kindName(reminder.kind))"
    }

    private static func kindName(_ kind: ReminderKind) -> String {
        switch kind {
        case .dayBefore: return "dayBefore"
        case .twoHoursBefore: return "twoHoursBefore"
        }
    }

    private func content(_ reminder: Reminder) -> UNNotificationContent {
        let content = UNMutableNotificationContent()
        content.title = text("reminder.\(Self.kindName(reminder.kind)).title")
        content.body = text("reminder.body")
        content.sound = .default
        content.categoryIdentifier = NotificationService.Category.reminders.rawValue
        content.userInfo = ["processId": Int(reminder.processId)]
        return content
    }

    /// A calendar trigger in Leipzig time (the appointment's zone), or a short
    /// interval when the moment is less than a minute away; nil when past.
    private static func trigger(at date: Date) -> UNNotificationTrigger? {
        let interval = date.timeIntervalSinceNow
        guard interval > 0 else { return nil }
        if interval < 60 {
            return UNTimeIntervalNotificationTrigger(timeInterval: max(1, interval), repeats: false)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Formats.leipzig
        var parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        parts.calendar = calendar
        parts.timeZone = Formats.leipzig
        return UNCalendarNotificationTrigger(dateMatching: parts, repeats: false)
    }

    /// A string in the in-app language, which may differ from the device's.
    private func text(_ key: String) -> String {
        let bundle = Bundle.main.path(forResource: language.language.tag, ofType: "lproj").flatMap { Bundle(path: $0) } ?? .main
        return bundle.localizedString(forKey: key, value: nil, table: nil)
    }
}
