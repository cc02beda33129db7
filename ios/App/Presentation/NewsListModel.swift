import Combine
import Foundation
import LeipzigCore

/// What the news list shows. Mirrors `NewsListPhase` (NewsListStateHolder.kt).
enum NewsListPhase: Equatable {
    /// Nothing stored yet and the first refresh is under way.
    case loading
    /// Items to show (maybe with a `NewsBanner`).
    case content
    /// The feed has no items.
    case empty
    /// Nothing stored and the refresh failed: show `NewsListState.error` with a retry button.
    case error
}

/// A notice above the list while stored items are shown.
enum NewsBanner: Equatable {
    /// No connection: these are the stored news.
    case offline
    /// The refresh failed for another reason: these are the stored news.
    case refreshFailed
}

/// One row of the list, formatted for the current language.
struct NewsRow: Equatable, Identifiable {
    let id: Int64
    let title: String
    let teaser: String
    let published: String?
    let categories: String
    let unread: Bool
    let imageUrl: String?
}

/// The whole state of the news list screen.
struct NewsListState: Equatable {
    var phase: NewsListPhase
    var rows: [NewsRow] = []
    var refreshing = false
    var banner: NewsBanner?
    var error: ErrorKind?

    /// Whether the screen offers "try again".
    var canRetry: Bool { phase == .error || banner != nil }
}

private enum RefreshStatus: Equatable {
    case running
    case done
    case failed(ErrorKind)
}

/// The news list: stored items at once (from the core's listener), then a
/// refresh; pull-to-refresh and retry call `refresh()`. Mirrors
/// NewsListStateHolder.kt one to one; SwiftUI renders `state`.
@MainActor
final class NewsListModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = NewsListState(phase: .loading, refreshing: true)

    private let news: News
    private var items: [NewsItem] = []
    private var status = RefreshStatus.running
    private var formats: Formats
    /// The running refresh; non-nil is Kotlin's `inFlight`.
    private var refreshTask: Task<Void, Never>?
    private var updates: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(news: News, language: LanguageSetting, pageSize: UInt32 = 50) {
        self.news = news
        formats = language.formats
        // `@Published` emits before it stores, so use the value handed in.
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        updates = Task { [weak self] in
            // Subscribing reads SQLite: do it off the main actor.
            let stream = await Task.detached { news.updates(limit: pageSize) }.value
            for await items in stream {
                self?.items = items
                self?.render()
            }
        }
        refresh()
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        updates?.cancel()
    }

    /// Fetches the feed; while a refresh runs, returns that one instead of
    /// starting another. Awaiting the task's value lets `.refreshable` keep
    /// its spinner until the refresh is done.
    @discardableResult
    func refresh() -> Task<Void, Never> {
        if let running = refreshTask { return running }
        status = .running
        render()
        let task = Task { [news] in
            let outcome: RefreshStatus
            do {
                _ = try await news.refresh()
                outcome = .done
            } catch {
                outcome = .failed(ErrorKind(error))
            }
            self.status = outcome
            self.refreshTask = nil
            self.render()
        }
        refreshTask = task
        return task
    }

    /// Marks an item read, e.g. from a swipe action.
    func markRead(_ id: Int64) {
        Task.detached { [news] in
            // A vanished item (NotFound) needs no read mark; the listener drops
            // it from the list. Any other failure only leaves it unread.
            try? news.markRead(id: id, read: true)
        }
    }

    private func render() {
        let rows = items.map { $0.row(formats) }
        let next: NewsListState
        if !rows.isEmpty {
            next = NewsListState(phase: .content, rows: rows, refreshing: status == .running, banner: banner)
        } else if status == .running {
            next = NewsListState(phase: .loading, refreshing: true)
        } else if case .failed(let kind) = status {
            next = NewsListState(phase: .error, error: kind)
        } else {
            next = NewsListState(phase: .empty)
        }
        if next != state { state = next }
    }

    private var banner: NewsBanner? {
        guard case .failed(let kind) = status else { return nil }
        return kind == .offline ? .offline : .refreshFailed
    }
}

extension NewsItem {
    /// A list row: the first paragraph of the teaser, categories joined.
    func row(_ formats: Formats) -> NewsRow {
        NewsRow(
            id: id,
            title: title,
            teaser: splitLines(summary).first.map(String.init) ?? "",
            published: published.map { formats.dateTime($0) },
            categories: categories.joined(separator: " · "),
            unread: !read,
            imageUrl: imageUrl
        )
    }
}

/// Kotlin's `String.lines()`: split at CRLF, LF or CR (not at other Unicode
/// line separators), keeping empty lines.
func splitLines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
}
