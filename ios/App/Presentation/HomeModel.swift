import Combine
import Foundation
import LeipzigCore

/// The app's features, in the order the home screen lists them. Mirrors
/// `Feature` (HomeStateHolder.kt).
enum Feature: CaseIterable, Hashable {
    /// Bürgeramt appointments.
    case appointments
    /// Public facilities near me, open now.
    case facilities
    /// Official notices (Bescheide).
    case notices
    /// Fees to pay.
    case payments
    /// Library card.
    case library
    /// City-hall news.
    case news
}

/// A tile on the home screen; `available` is false while a feature is not built yet.
struct FeatureTile: Equatable, Identifiable {
    let feature: Feature
    let available: Bool

    var id: Feature { feature }
}

/// Features that work end to end today; the others show "coming soon".
private let availableFeatures: Set<Feature> = [.news, .appointments, .facilities, .notices, .payments, .library]

/// What the home screen shows: the newest news and the feature tiles.
struct HomeState: Equatable {
    var latestNews: [NewsRow] = []
    var unreadNews = 0
    var tiles: [FeatureTile] = Feature.allCases.map { FeatureTile(feature: $0, available: availableFeatures.contains($0)) }
}

/// The home screen. Reads only the phone's database: it must appear at once,
/// with or without network. Mirrors HomeStateHolder.kt.
@MainActor
final class HomeModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = HomeState()

    private static let previewSize: UInt32 = 3
    private var items: [NewsItem] = []
    private var unread = 0
    private var formats: Formats
    private var updates: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(news: News, language: LanguageSetting) {
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        let limit = Self.previewSize
        updates = Task { [weak self] in
            let stream = await Task.detached { news.updates(limit: limit) }.value
            for await items in stream {
                // Every change re-reads the unread count of ALL stored news, not just the preview.
                let unread = await Task.detached { (try? news.counts().unread).map { Int($0) } ?? 0 }.value
                self?.items = items
                self?.unread = unread
                self?.render()
            }
        }
    }

    deinit {
        updates?.cancel()
    }

    private func render() {
        let next = HomeState(
            latestNews: items.prefix(Int(Self.previewSize)).map { $0.row(formats) },
            unreadNews: unread
        )
        if next != state { state = next }
    }
}
