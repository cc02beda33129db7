// "What I owe": the fees stored on the phone at once, then the city's list.
// Mirrors FeesStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// What the fee list shows. Mirrors `FeesPhase`.
enum FeesPhase: Equatable, Sendable {
    /// Nothing stored yet and the first refresh is under way.
    case loading
    /// Fees to show (maybe with a `FeesBanner`).
    case content
    /// The city lists nothing for the citizen.
    case empty
    /// Nothing stored and the refresh failed: `FeesState.error` (with
    /// `.unauthorized` the screen offers the login).
    case error
}

/// A notice above the fees while stored ones are shown. Mirrors `FeesBanner`.
enum FeesBanner: Equatable, Sendable {
    /// No connection: these are the fees stored on the phone.
    case offline
    /// The refresh failed for another reason (`FeesState.error`): these are the stored fees.
    case refreshFailed
}

/// What the fee list ("what I owe") shows. Mirrors `FeesState`.
struct FeesState: Equatable {
    var phase: FeesPhase
    /// Fees still to pay (open, or a payment under way), in the city's order.
    var open: [FeeRow] = []
    /// Fees already paid.
    var paid: [FeeRow] = []
    /// The sum of `open` as text (`55,70 €`); nil when nothing is open.
    var totalOpen: String?
    var refreshing = false
    var banner: FeesBanner?
    var error: ErrorKind?

    /// Whether the screen offers "try again".
    var canRetry: Bool { phase == .error || banner != nil }
}

/// How the last refresh went.
private enum FeesRefresh: Equatable {
    case running
    case done
    case failed(ErrorKind)
}

/// "What I owe": the fees stored on the phone at once (works offline), then
/// fetched from the city (needs a login); pull to refresh and retry call
/// `refresh`. A fee this phone has paid or is paying shows so before the
/// city's list says it, because the list is read again after every change of
/// the payments (the core's listener). Mirrors FeesStateHolder.kt.
@MainActor
final class FeesModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = FeesState(phase: .loading, refreshing: true)

    private let payments: Payments
    private var fees: [Fee]?
    private var known: [Payment] = []
    private var status = FeesRefresh.running
    private var inFlight: Task<Void, Never>?
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(payments: Payments, language: LanguageSetting) {
        self.payments = payments
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        changes = Task { [weak self] in
            // Subscribing reads SQLite: off the main actor.
            let stream = await Task.detached { payments.changes() }.value
            for await list in stream {
                let stored = try? await Task.detached { try payments.fees() }.value
                guard let self else { return }
                self.known = list
                self.fees = stored ?? self.fees ?? []
                self.render()
            }
        }
        refresh()
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    /// Fetches the fees from the city; a no-op while a refresh is running.
    /// The task ends with the refresh (`.refreshable` keeps its spinner).
    @discardableResult
    func refresh() -> Task<Void, Never> {
        if let inFlight { return inFlight }
        status = .running
        render()
        let task = Task { [payments] in
            let outcome: FeesRefresh
            do {
                // The core stores the list and tells the listener, which reads it above.
                _ = try await payments.refreshFees()
                outcome = .done
            } catch {
                outcome = .failed(ErrorKind(error))
            }
            self.inFlight = nil
            self.status = outcome
            self.render()
        }
        inFlight = task
        return task
    }

    private func render() {
        let rows = (fees ?? []).map { $0.row(formats, payments: known) }
        let running = status == .running
        var failed: ErrorKind?
        if case .failed(let kind) = status { failed = kind }
        let open = rows.filter { $0.status != .paid }
        let paid = rows.filter { $0.status == .paid }
        let next: FeesState
        if !rows.isEmpty {
            next = FeesState(
                phase: .content,
                open: open,
                paid: paid,
                totalOpen: open.isEmpty ? nil : formats.amount(cents: open.reduce(0) { $0 + $1.amountCents }),
                refreshing: running,
                banner: failed.map { $0 == .offline ? FeesBanner.offline : FeesBanner.refreshFailed },
                error: failed
            )
        } else if running || fees == nil {
            next = FeesState(phase: .loading, refreshing: running)
        } else if let failed {
            next = FeesState(phase: .error, error: failed)
        } else {
            next = FeesState(phase: .empty)
        }
        if next != state { state = next }
    }
}
