import LeipzigCore
import SwiftUI

/// Navigation value for a press release; both the Home and the News stack
/// resolve it with `newsDestinations`.
struct NewsRoute: Hashable {
    let id: Int64
}

extension View {
    /// Pushes `NewsDetailView` for a `NewsRoute` in the enclosing stack.
    @MainActor
    func newsDestinations(news: News, language: LanguageSetting) -> some View {
        navigationDestination(for: NewsRoute.self) { route in
            NewsDetailView(news: news, id: route.id, language: language)
        }
    }
}

/// One press release, read from the phone; a link opens the full article
/// on the web.
@MainActor
struct NewsDetailView: View {
    @StateObject private var model: NewsDetailModel

    init(news: News, id: Int64, language: LanguageSetting) {
        _model = StateObject(wrappedValue: NewsDetailModel(news: news, id: id, language: language))
    }

    var body: some View {
        Group {
            switch model.state {
            case .loading:
                ProgressView()
                    .frame(maxWidth: .infinity, maxHeight: .infinity)
            case .error(let kind):
                StatusView(symbol: kind.symbol, title: "news.detail.error.title", message: kind.messageKey)
            case .content(let detail):
                article(detail)
            }
        }
        .navigationTitle(Text("news.detail.title"))
        .navigationBarTitleDisplayMode(.inline)
    }

    private func article(_ detail: NewsDetail) -> some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                if let image = webURL(detail.imageUrl) {
                    // Decorative: the feed gives no description of the image.
                    AsyncImage(url: image) { picture in
                        picture.resizable().scaledToFit()
                    } placeholder: {
                        Color.clear.frame(height: 0)
                    }
                    .clipShape(RoundedRectangle(cornerRadius: 12))
                    .accessibilityHidden(true)
                }
                Text(detail.title)
                    .font(.title2.weight(.bold))
                    .accessibilityAddTraits(.isHeader)
                if let published = detail.published {
                    Text(published)
                        .font(.subheadline)
                        .foregroundStyle(.secondary)
                }
                if !detail.categories.isEmpty {
                    Text(detail.categories.joined(separator: " · "))
                        .font(.caption)
                        .foregroundStyle(.secondary)
                }
                ForEach(detail.paragraphs.indices, id: \.self) { index in
                    Text(detail.paragraphs[index])
                        .font(.body)
                }
                if let link = webURL(detail.link) {
                    Link(destination: link) {
                        Label("news.openWebsite", systemImage: "safari")
                    }
                    .font(.body.weight(.semibold))
                }
            }
            .padding()
            .frame(maxWidth: .infinity, alignment: .leading)
            .textSelection(.enabled)
        }
    }
}
