// The root view: the five tabs over the opened core, or why it could not start.
import SwiftUI

/// The root: the tabs once the core is open, else why it could not start.
/// Sets the in-app language as the `locale`, so every `Text` looks its key
/// up in that language's Localizable.strings.
struct RootView: View {
    let appEnvironment: AppEnvironment
    @ObservedObject var language: LanguageSetting

    init(environment: AppEnvironment, language: LanguageSetting) {
        appEnvironment = environment
        _language = ObservedObject(wrappedValue: language)
    }

    var body: some View {
        Group {
            switch appEnvironment.core {
            case .ready(let core):
                MainTabs(core: core, language: language, authenticator: appEnvironment.webAuthenticator)
            case .failed(let kind):
                StatusView(symbol: "exclamationmark.octagon", title: "startup.failed", message: kind.messageKey)
            }
        }
        .environment(\.locale, language.language.locale)
    }
}

/// Home, Appointments, Facilities, News and Settings, each in its own
/// `NavigationStack` so the back button and the edge-swipe back gesture work
/// in every tab (Appointments and Facilities own theirs, see `AppointmentsTab`
/// and `FacilitiesTab`). Five tabs is as many as iOS shows without "More":
/// the account is pushed from Home's toolbar instead (`AccountView`).
@MainActor
private struct MainTabs: View {
    private enum Tab: Hashable {
        case home
        case appointments
        case facilities
        case news
        case settings
    }

    let core: Core
    let language: LanguageSetting
    let authenticator: WebAuthenticator
    @State private var tab = Tab.home

    var body: some View {
        TabView(selection: $tab) {
            NavigationStack {
                HomeView(
                    news: core.news,
                    account: core.account,
                    language: language,
                    authenticator: authenticator,
                    loggedOut: { await core.reminders.removeAll() }
                ) { feature in
                    // Only available features are tappable: appointments, facilities and news.
                    switch feature {
                    case .appointments: tab = .appointments
                    case .facilities: tab = .facilities
                    case .news: tab = .news
                    case .notices, .payments, .library: break
                    }
                }
            }
            .tabItem { Label("tab.home", systemImage: "house") }
            .tag(Tab.home)

            AppointmentsTab(core: core, language: language)
                .tabItem { Label("tab.appointments", systemImage: "calendar") }
                .tag(Tab.appointments)

            FacilitiesTab(facilities: core.facilities, language: language)
                .tabItem { Label("tab.facilities", systemImage: "mappin.and.ellipse") }
                .tag(Tab.facilities)

            NavigationStack {
                NewsListView(news: core.news, language: language)
            }
            .tabItem { Label("tab.news", systemImage: "newspaper") }
            .tag(Tab.news)

            NavigationStack {
                SettingsView(app: core.app, language: language) {
                    await core.reminders.removeAll()
                }
            }
            .tabItem { Label("tab.settings", systemImage: "gearshape") }
            .tag(Tab.settings)
        }
    }
}
