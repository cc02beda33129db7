import SwiftUI
import UIKit

/// The app: one window with the tabs, over one `AppEnvironment`. Every time
/// the scene becomes active it resumes the core (`Sync.resume()`: saved
/// actions, then the payments the city may have settled meanwhile, then the
/// mailbox of notices).
///
/// The environment is created in `init`, not lazily by `@StateObject`,
/// because BGTaskScheduler handlers must be registered before launch ends.
/// `SwiftUI.App` is spelled out: the core also has an `App`.
@main
@MainActor
struct LeipzigNahBeiMirApp: SwiftUI.App {
    private let environment: AppEnvironment
    @Environment(\.scenePhase) private var scenePhase

    init() {
        environment = AppEnvironment()
    }

    var body: some Scene {
        WindowGroup {
            RootView(environment: environment, language: environment.language)
                .onOpenURL { url in
                    environment.deepLinks.handle(url)
                }
                .onReceive(NotificationCenter.default.publisher(for: UIApplication.didEnterBackgroundNotification)) { _ in
                    environment.didEnterBackground()
                }
        }
        .onChange(of: scenePhase) { phase in
            if phase == .active { environment.resume() }
        }
    }
}
