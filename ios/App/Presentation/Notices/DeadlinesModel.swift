// Every deadline of every notice, with days left in Leipzig. Mirrors
// DeadlinesStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// What the deadlines screen shows. Mirrors `DeadlinesState`.
struct DeadlinesState: Equatable {
    /// The phone is read for the first time.
    var loading = true
    /// Still to meet (today first, then by days left; not yet fixed ones last).
    var upcoming: [DeadlineRow] = []
    /// Passed without a received answer or payment.
    var passed: [DeadlineRow] = []
    /// Met: the city received the answer or the payment.
    var met: [DeadlineRow] = []
    /// Deadlines at risk (the warning on top).
    var atRisk = 0
    var error: ErrorKind?

    /// The nearest deadline still to meet.
    var next: DeadlineRow? { upcoming.nextToMeet() }
}

/// Every deadline of every notice (not archived), from the phone (works
/// offline), read again after every change of the notices: a retrieval
/// fixing a deadline, a reply saved (at risk until received), the city's
/// receipt (met), a payment. The days are counted in Leipzig from the city's
/// dates (the core). Mirrors DeadlinesStateHolder.kt.
@MainActor
final class DeadlinesModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = DeadlinesState()

    private static let upcoming: Set<DeadlineStatus> = [.today, .open, .notFixed]

    /// nil until first read.
    private var items: [NoticeDeadline]?
    private var error: ErrorKind?
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(notices: Notices, language: LanguageSetting) {
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        changes = Task { [weak self] in
            // Subscribing reads SQLite: off the main actor.
            let stream = await Task.detached { notices.changes() }.value
            for await _ in stream {
                let read = await Task.detached { () -> Result<[NoticeDeadline], Error> in
                    Result { try notices.deadlines() }
                }.value
                guard let self else { return }
                switch read {
                case .success(let deadlines):
                    self.items = deadlines
                    self.error = nil
                case .failure(let failure):
                    self.error = ErrorKind(failure)
                }
                self.render()
            }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    private func render() {
        let rows = (items ?? []).map { $0.row(formats) }
        let next = DeadlinesState(
            loading: items == nil && error == nil,
            upcoming: rows.filter { Self.upcoming.contains($0.status) },
            passed: rows.filter { $0.status == .passed },
            met: rows.filter { $0.status == .met },
            atRisk: rows.filter(\.atRisk).count,
            error: error
        )
        if next != state { state = next }
    }
}
