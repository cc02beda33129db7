import LeipzigCore
import SwiftUI

/// The news list: loading, the stored items (with an offline or
/// refresh-failed banner), empty, or an error with retry. Pull to refresh.
/// Renders `NewsListModel.state` and forwards intents; no rules here.
@MainActor
struct NewsListView: View {
    @StateObject private var model: NewsListModel
    private let news: News
    private let language: LanguageSetting

    init(news: News, language: LanguageSetting) {
        self.news = news
        self.language = language
        _model = StateObject(wrappedValue: NewsListModel(news: news, language: language))
    }

    var body: some View {
        content
            .navigationTitle(Text("news.title"))
            .newsDestinations(news: news, language: language)
            .toolbar {
                // The first refresh over stored items has no pull spinner.
                if model.state.phase == .content && model.state.refreshing {
                    ProgressView()
                        .accessibilityLabel(Text("news.refreshing"))
                }
            }
    }

    @ViewBuilder
    private var content: some View {
        let state = model.state
        switch state.phase {
        case .loading:
            ProgressView("news.loading")
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        case .error:
            let kind = state.error ?? .other
            StatusView(symbol: kind.symbol, title: "news.error.title", message: kind.messageKey) {
                model.refresh()
            }
        case .empty:
            // A scroll view so that pull-to-refresh works on the empty screen too.
            ScrollView {
                StatusView(symbol: "newspaper", title: "news.empty.title", message: "news.empty.message")
                    .padding(.top, 48)
            }
            .refreshable { await model.refresh().value }
        case .content:
            list(state)
        }
    }

    private func list(_ state: NewsListState) -> some View {
        List {
            if let banner = state.banner {
                Section {
                    NewsBannerView(banner: banner) { model.refresh() }
                }
            }
            Section {
                ForEach(state.rows) { row in
                    NavigationLink(value: NewsRoute(id: row.id)) {
                        NewsRowView(row: row)
                    }
                    .swipeActions {
                        if row.unread {
                            Button {
                                model.markRead(row.id)
                            } label: {
                                Label("news.markRead", systemImage: "envelope.open")
                            }
                            .tint(.accentColor)
                        }
                    }
                }
            }
        }
        .listStyle(.plain)
        .refreshable { await model.refresh().value }
    }
}

/// "These are the stored news": offline or the refresh failed, with retry.
/// The label's icon is read as part of its text, not on its own.
struct NewsBannerView: View {
    let banner: NewsBanner
    let retry: () -> Void

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 12) {
            Label(messageKey, systemImage: banner == .offline ? "wifi.slash" : "exclamationmark.triangle")
                .font(.subheadline)
                .frame(maxWidth: .infinity, alignment: .leading)
            Button("action.retry", action: retry)
                .font(.subheadline.weight(.semibold))
                .buttonStyle(.borderless)
        }
        .padding(.vertical, 4)
        .listRowBackground(Color.yellow.opacity(0.18))
        .accessibilityElement(children: .contain)
    }

    private var messageKey: LocalizedStringKey {
        banner == .offline ? "news.banner.offline" : "news.banner.refreshFailed"
    }
}

/// One news row: unread dot, title, teaser, date and categories. VoiceOver
/// reads the row as one element, "Ungelesen" first when it is unread.
struct NewsRowView: View {
    let row: NewsRow
    /// The dot grows with Dynamic Type.
    @ScaledMetric(relativeTo: .headline) private var dotSize = 9.0

    var body: some View {
        HStack(alignment: .top, spacing: 10) {
            Circle()
                .fill(row.unread ? Color.accentColor : Color.clear)
                .frame(width: dotSize, height: dotSize)
                .padding(.top, dotSize / 2)
                .accessibilityLabel(Text("news.unread"))
                .accessibilityHidden(!row.unread)
            VStack(alignment: .leading, spacing: 4) {
                Text(row.title)
                    .font(.headline)
                if !row.teaser.isEmpty {
                    Text(row.teaser)
                        .font(.subheadline)
                        .foregroundStyle(.secondary)
                        .lineLimit(3)
                }
                if let meta = meta {
                    Text(meta)
                        .font(.caption)
                        .foregroundStyle(.secondary)
                }
            }
        }
        .padding(.vertical, 2)
        .accessibilityElement(children: .combine)
    }

    /// Date and categories as printed by the model, joined for one line.
    private var meta: String? {
        let parts = [row.published, row.categories.isEmpty ? nil : row.categories].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
