// The home screen: the newest news, the feature tiles, and the account
// button in the toolbar that leads to the login and "my details".
import LeipzigCore
import SwiftUI

/// The home screen: the newest news from the phone and one tile per
/// feature; features not built yet say "coming soon". Tiles are list rows
/// rather than a grid so they stay readable at the largest text sizes. The
/// toolbar leads to the account: "log in", or the logged-in citizen's icon
/// (named for VoiceOver). It owns the account's model, which the pushed
/// account screen shares, and clears the platform's copies after a logout.
@MainActor
struct HomeView: View {
    @StateObject private var model: HomeModel
    @StateObject private var accountModel: AccountModel
    private let news: News
    private let account: Account
    private let language: LanguageSetting
    private let authenticator: WebAuthenticator
    /// Platform clean-up once a logout deleted the core's data (scheduled reminders).
    private let loggedOut: () async -> Void
    private let open: (Feature) -> Void

    init(
        news: News,
        account: Account,
        language: LanguageSetting,
        authenticator: WebAuthenticator,
        loggedOut: @escaping () async -> Void,
        open: @escaping (Feature) -> Void
    ) {
        self.news = news
        self.account = account
        self.language = language
        self.authenticator = authenticator
        self.loggedOut = loggedOut
        self.open = open
        _model = StateObject(wrappedValue: HomeModel(news: news, language: language))
        _accountModel = StateObject(wrappedValue: AccountModel(account: account))
    }

    var body: some View {
        List {
            Section {
                if model.state.latestNews.isEmpty {
                    Text("home.noNews")
                        .foregroundStyle(.secondary)
                }
                ForEach(model.state.latestNews) { row in
                    NavigationLink(value: NewsRoute(id: row.id)) {
                        NewsRowView(row: row)
                    }
                }
            } header: {
                HStack {
                    Text("home.latestNews")
                    Spacer()
                    if model.state.unreadNews > 0 {
                        Text("home.unread \(model.state.unreadNews)")
                    }
                }
            }
            Section("home.services") {
                ForEach(model.state.tiles) { tile in
                    FeatureTileView(tile: tile) { open(tile.feature) }
                }
            }
        }
        .navigationTitle(Text("app.name"))
        .newsDestinations(news: news, language: language)
        .toolbar {
            ToolbarItem(placement: .primaryAction) {
                NavigationLink(value: AccountRoute()) {
                    AccountButtonLabel(state: accountModel.state)
                }
            }
        }
        .navigationDestination(for: AccountRoute.self) { _ in
            AccountView(model: accountModel, account: account, language: language, authenticator: authenticator)
        }
        .onReceive(accountModel.$state.map { $0.endedAtProvider != nil }.removeDuplicates()) { done in
            // A logout deleted the core's data (its report stays until the next login).
            if done { Task { await loggedOut() } }
        }
    }
}

/// The toolbar's way to the account: "log in" while nobody is logged in, else
/// a person icon that VoiceOver names with the citizen's given name.
private struct AccountButtonLabel: View {
    let state: AccountState

    var body: some View {
        if state.phase == .loggedIn, let identity = state.identity {
            Image(systemName: "person.crop.circle.fill")
                .accessibilityLabel(accessibilityName(identity))
        } else {
            Text("account.login")
        }
    }

    private func accessibilityName(_ identity: Identity) -> Text {
        if let name = accountShortName(identity) {
            return Text("home.accountOf \(name)")
        }
        return Text("account.title")
    }
}

/// One feature: a button when available, else greyed out with "coming soon".
private struct FeatureTileView: View {
    let tile: FeatureTile
    let action: () -> Void

    var body: some View {
        Button(action: action) {
            HStack(spacing: 12) {
                Image(systemName: tile.feature.symbol)
                    .font(.title3)
                    .frame(minWidth: 32)
                    .foregroundStyle(tile.available ? Color.accentColor : Color.secondary)
                    .accessibilityHidden(true)
                VStack(alignment: .leading, spacing: 2) {
                    Text(tile.feature.titleKey)
                        .foregroundStyle(tile.available ? Color.primary : Color.secondary)
                    if !tile.available {
                        Text("home.comingSoon")
                            .font(.caption)
                            .foregroundStyle(.secondary)
                    }
                }
            }
            .padding(.vertical, 4)
        }
        .disabled(!tile.available)
        .accessibilityElement(children: .combine)
    }
}

private extension Feature {
    var titleKey: LocalizedStringKey {
        switch self {
        case .appointments: return "feature.appointments"
        case .facilities: return "feature.facilities"
        case .notices: return "feature.notices"
        case .payments: return "feature.payments"
        case .library: return "feature.library"
        case .news: return "feature.news"
        }
    }

    var symbol: String {
        switch self {
        case .appointments: return "calendar"
        case .facilities: return "mappin.and.ellipse"
        case .notices: return "doc.text"
        case .payments: return "eurosign.circle"
        case .library: return "books.vertical"
        case .news: return "newspaper"
        }
    }
}
