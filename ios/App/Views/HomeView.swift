import LeipzigCore
import SwiftUI

/// The home screen: the newest news from the phone and one tile per
/// feature; features not built yet say "coming soon". Tiles are list rows
/// rather than a grid so they stay readable at the largest text sizes.
@MainActor
struct HomeView: View {
    @StateObject private var model: HomeModel
    private let news: News
    private let language: LanguageSetting
    private let open: (Feature) -> Void

    init(news: News, language: LanguageSetting, open: @escaping (Feature) -> Void) {
        self.news = news
        self.language = language
        self.open = open
        _model = StateObject(wrappedValue: HomeModel(news: news, language: language))
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
