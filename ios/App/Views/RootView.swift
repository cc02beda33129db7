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
                MainTabs(
                    core: core,
                    language: language,
                    authenticator: appEnvironment.webAuthenticator,
                    deepLinks: appEnvironment.deepLinks,
                    paymentLinks: appEnvironment.paymentLinks
                )
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
/// the account is pushed from Home's toolbar instead (`AccountView`), and
/// the payments ("what I owe", the pay screen, "my payments", receipts), the
/// notices (mailbox, notice, replies, deadlines) and the library card
/// (overview, order, the card with its barcode) on Home's stack from their
/// tiles (`PaymentsRoute`, `NoticesRoute`, `LibraryRoute`); paying a notice
/// or a library card's fee pushes the pay screen there too. A payment return
/// link that no pay screen on display takes opens a new one there.
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
    let deepLinks: DeepLinks
    let paymentLinks: PaymentLinks
    @State private var tab = Tab.home
    @State private var homePath = NavigationPath()

    var body: some View {
        TabView(selection: $tab) {
            NavigationStack(path: $homePath) {
                HomeView(
                    news: core.news,
                    account: core.account,
                    language: language,
                    authenticator: authenticator,
                    loggedOut: { await core.reminders.removeAll() }
                ) { feature in
                    switch feature {
                    case .appointments: tab = .appointments
                    case .facilities: tab = .facilities
                    case .notices: homePath.append(NoticesRoute.mailbox)
                    case .payments: homePath.append(PaymentsRoute.fees)
                    case .news: tab = .news
                    case .library: homePath.append(LibraryRoute.overview)
                    }
                }
                .modifier(NoticesDestinations(notices: core.notices, language: language) { subject, openPage in
                    // Paying a notice: the payments' pay screen, on the same stack.
                    homePath.append(PaymentsRoute.started(subject: subject, openPage: openPage))
                })
                .modifier(LibraryDestinations(library: core.library, language: language) { subject, openPage in
                    // Paying a library card's fee: the payments' pay screen, on the same stack.
                    homePath.append(PaymentsRoute.started(subject: subject, openPage: openPage))
                })
                .modifier(PaymentsDestinations(
                    payments: core.payments,
                    language: language,
                    authenticator: authenticator,
                    links: paymentLinks
                ))
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
        .onReceive(deepLinks.$pending) { link in
            // `@Published` sends before it stores: take the link a moment later.
            if link?.route == .paymentReturn { Task { paymentReturned() } }
        }
    }

    /// The payment return link opened the app: to the pay screen showing
    /// (which may still have the page open), else to a new one on Home that
    /// asks the city about it. The link says nothing about the outcome.
    private func paymentReturned() {
        guard let link = deepLinks.take(.paymentReturn) else { return }
        if paymentLinks.deliver(link, authenticator: authenticator) { return }
        tab = .home
        homePath.append(PaymentsRoute.returned(link: link.url.absoluteString))
    }
}
