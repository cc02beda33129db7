// The app's shared state: the opened core and its services, the language and
// the platform glue, created once at launch.
import Foundation
import LeipzigCore

/// The core's `App`, named apart from SwiftUI's `App` protocol.
typealias CoreApp = LeipzigCore.App

/// The opened core, the services every screen shares, and the glue that
/// needs them (appointment reminders).
struct Core {
    let app: CoreApp
    let news: News
    let appointments: Appointments
    /// The facility finder (the city's layer, searched on the phone).
    let facilities: Facilities
    let outbox: Outbox
    /// The citizen's login and profile; one handle shared by the account
    /// screens and the booking form's prefill.
    let account: Account
    /// Fees and payments (the pay flow, "my payments", receipts).
    let payments: Payments
    /// Official notices (Bescheide): the mailbox, deadlines, replies.
    let notices: Notices
    /// Library cards: the card types with the city's fees, the order, its
    /// state, and the card with its barcode.
    let library: Library
    /// Sync: `resume()` after opening and on every return to the foreground.
    let sync: Sync
    let reminders: AppointmentReminders
}

/// Everything the app shares, created once at launch: the core with its
/// platform services, the language, and the platform glue that outlives any
/// screen (the web authentication session the login and payments open, the
/// links that bring the citizen back). Holds no URL: the endpoints come from
/// the bundled config.toml.
@MainActor
final class AppEnvironment: ObservableObject {
    /// The core, or why it could not be opened.
    enum CoreState {
        case ready(Core)
        case failed(ErrorKind)
    }

    let core: CoreState
    let language: LanguageSetting
    let deepLinks = DeepLinks()
    let notifications: NotificationService
    let webAuthenticator = WebAuthenticator()
    /// Routes the payment return link to the pay screen (`PaymentLinks`).
    let paymentLinks = PaymentLinks()
    /// The running `Sync.resume()`, so a second trigger does not start another.
    private var resuming: Task<Void, Never>?

    init() {
        // Locals first: the core's glue needs them before `self` is complete.
        let language = LanguageSetting()
        let notifications = NotificationService()
        self.language = language
        self.notifications = notifications
        do {
            let app = try Self.openCore()
            let appointments = app.appointments()
            let reminders = AppointmentReminders(appointments: appointments, notifications: notifications, language: language)
            let sync = app.sync()
            core = .ready(Core(
                app: app,
                news: app.news(),
                appointments: appointments,
                facilities: app.facilities(),
                outbox: app.outbox(),
                account: app.account(),
                payments: app.payments(),
                notices: app.notices(),
                library: app.library(),
                sync: sync,
                reminders: reminders
            ))
            // A sync may deliver cancellations or bookings: reminders follow.
            BackgroundSync.register(sync: sync) {
                await reminders.reschedule()
            }
        } catch {
            core = .failed(ErrorKind(error))
        }
        notifications.registerCategories()
        // `open` does no network I/O; delivering saved actions and asking the
        // city about payments (the app may have died on a payment page) is
        // `resume`, right after it (a background launch never becomes active).
        resume()
    }

    /// Right after opening and whenever the scene becomes active: delivers
    /// saved actions (replies to notices among them), asks the city about
    /// every payment (a return link may have been lost, or the app killed
    /// during 3-D Secure) and fetches the mailbox of notices. Never fails as a
    /// whole; screens follow through the core's listeners. A call while one
    /// runs is dropped (launch and the first activation come together).
    func resume() {
        guard case .ready(let core) = core, resuming == nil else { return }
        resuming = Task { [weak self] in
            let report = await core.sync.resume()
            // Delivered actions may have booked or cancelled: reminders follow.
            if report.outbox == .updated { await core.reminders.reschedule() }
            self?.resuming = nil
        }
    }

    /// The app went to the background: ask for the next sync.
    func didEnterBackground() {
        if case .ready = core { BackgroundSync.schedule() }
    }

    /// Opens the core. Creating and migrating the database does no network
    /// I/O, so it is fine at launch.
    private static func openCore() throws -> CoreApp {
        guard let configURL = Bundle.main.url(forResource: "config", withExtension: "toml") else {
            throw ApiError.Other(reason: "config.toml is missing from the app bundle")
        }
        return try CoreApp.open(
            configToml: try String(contentsOf: configURL, encoding: .utf8),
            dataDir: try dataDirectory().path(percentEncoded: false),
            secretStore: KeychainSecretStore(),
            logger: OSLogLogger()
        )
    }

    /// Application Support/core, the core's private directory.
    ///
    /// - Protection `completeUntilFirstUserAuthentication`: readable while the
    ///   phone is locked after the first unlock, which background sync needs;
    ///   files the core creates inside inherit the class.
    /// - Excluded from backup: a restored database would be useless without
    ///   its keys, which stay in this device's Keychain (ThisDeviceOnly), and
    ///   public data is fetched again anyway.
    private static func dataDirectory() throws -> URL {
        let files = FileManager.default
        var url = try files.url(for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
            .appendingPathComponent("core", isDirectory: true)
        let protection: [FileAttributeKey: Any] = [.protectionKey: FileProtectionType.completeUntilFirstUserAuthentication]
        try files.createDirectory(at: url, withIntermediateDirectories: true, attributes: protection)
        // createDirectory leaves an existing directory's attributes alone.
        try files.setAttributes(protection, ofItemAtPath: url.path(percentEncoded: false))
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try url.setResourceValues(values)
        return url
    }
}
