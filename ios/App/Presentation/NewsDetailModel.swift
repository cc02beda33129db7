import Combine
import Foundation
import LeipzigCore

/// One press release, formatted for reading.
struct NewsDetail: Equatable {
    let title: String
    let published: String?
    let categories: [String]
    let paragraphs: [String]
    let link: String?
    let imageUrl: String?
}

/// The detail screen: loading, the item, or why it cannot be shown.
enum NewsDetailState: Equatable {
    /// Reading from the phone's database.
    case loading
    /// The item.
    case content(NewsDetail)
    /// It cannot be shown (e.g. `.notFound` after a data wipe).
    case error(ErrorKind)
}

/// The news detail screen: reads the item from the phone (no network needed)
/// and marks it read. Mirrors NewsDetailStateHolder.kt.
@MainActor
final class NewsDetailModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = NewsDetailState.loading

    private var item: Result<NewsItem, Error>?
    private var formats: Formats
    private var languageChanges: AnyCancellable?

    init(news: News, id: Int64, language: LanguageSetting) {
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        Task { [weak self] in
            // Both calls block on SQLite: off the main actor.
            let item = await Task.detached {
                Result<NewsItem, Error> {
                    try news.markRead(id: id, read: true)
                    return try news.get(id: id)
                }
            }.value
            self?.item = item
            self?.render()
        }
    }

    private func render() {
        switch item {
        case .none:
            state = .loading
        case .failure(let error):
            state = .error(ErrorKind(error))
        case .success(let item):
            state = .content(NewsDetail(
                title: item.title,
                published: item.published.map { formats.dateTime($0) },
                categories: item.categories,
                paragraphs: splitLines(item.summary).map(String.init).filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty },
                link: item.link,
                imageUrl: item.imageUrl
            ))
        }
    }
}
