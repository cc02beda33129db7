import UserNotifications

/// Local notifications: authorization and the two categories later features
/// post in — "reminders" (e.g. an appointment tomorrow) and "deadlines"
/// (e.g. a notice or fee due).
///
/// Notifications show on the lock screen, so their content never carries
/// personal data: a generic title ("Termin morgen"), and only ids in
/// `userInfo` for the app to open the right screen. Categories do not set
/// `.hiddenPreviewsShowTitle`, so with previews hidden not even the title shows.
@MainActor
final class NotificationService {
    /// The categories, by identifier.
    enum Category: String, CaseIterable {
        case reminders
        case deadlines
    }

    private let center = UNUserNotificationCenter.current()

    /// Registers the categories; cheap, done at every launch.
    func registerCategories() {
        let categories = Category.allCases.map {
            UNNotificationCategory(identifier: $0.rawValue, actions: [], intentIdentifiers: [], options: [])
        }
        center.setNotificationCategories(Set(categories))
    }

    /// Asks for permission. Call it when the citizen sets up something that
    /// notifies (never at launch), so the prompt makes sense.
    func requestAuthorization() async -> Bool {
        do {
            return try await center.requestAuthorization(options: [.alert, .sound, .badge])
        } catch {
            return false
        }
    }

    /// Whether notifications may be shown now.
    func isAuthorized() async -> Bool {
        let settings = await center.notificationSettings()
        return settings.authorizationStatus == .authorized || settings.authorizationStatus == .provisional
    }
}
