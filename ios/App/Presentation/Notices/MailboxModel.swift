// The mailbox of official notices (Bescheide): what the phone stores at once,
// then the city's mailbox. Mirrors MailboxStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// What the mailbox shows. Mirrors `MailboxPhase`.
enum MailboxPhase: Equatable, Sendable {
    /// Nothing stored yet and the first sync is under way.
    case loading
    /// Notices to show (maybe with a `MailboxBanner`).
    case content
    /// No notices.
    case empty
    /// Nothing stored and the sync failed: `MailboxState.error` (with
    /// `.unauthorized` the screen offers the login).
    case error
}

/// A notice above the notices while stored ones are shown. Mirrors `MailboxBanner`.
enum MailboxBanner: Equatable, Sendable {
    /// No connection: these are the notices stored on the phone.
    case offline
    /// The sync failed for another reason (`MailboxState.error`): these are the stored notices.
    case refreshFailed
}

/// What the mailbox ("Bescheide") shows. Mirrors `MailboxState`.
struct MailboxState: Equatable {
    var phase: MailboxPhase
    /// Newest first.
    var rows: [NoticeRow] = []
    /// Notices not opened yet.
    var unread = 0
    /// The nearest deadline still to meet, of any notice.
    var nextDeadline: DeadlineRow?
    /// Notices with a deadline at risk.
    var atRisk = 0
    /// Archived notices are listed (instead of the others).
    var showingArchived = false
    var refreshing = false
    var banner: MailboxBanner?
    var error: ErrorKind?

    /// Whether the screen offers "try again".
    var canRetry: Bool { phase == .error || banner != nil }
}

/// How the last mailbox sync went (Kotlin's private `MailboxSync`, renamed:
/// the core's `MailboxSync` is its report).
private enum MailboxRefresh: Equatable {
    case running
    case done
    case failed(ErrorKind)
}

/// The mailbox of official notices: what is stored on the phone at once
/// (works offline), then the city's mailbox (needs a login); pull to refresh
/// and retry call `refresh`. Every change (a sync, a notice opened, a reply
/// received) comes through the core's listener, so unread dots, deadlines
/// and at-risk badges follow by themselves. Mirrors MailboxStateHolder.kt.
@MainActor
final class MailboxModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = MailboxState(phase: .loading, refreshing: true)

    private let notices: Notices
    /// nil until the listener's first list.
    private var items: [Notice]?
    private var archived = false
    private var status = MailboxRefresh.running
    private var inFlight: Task<Void, Never>?
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(notices: Notices, language: LanguageSetting) {
        self.notices = notices
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        changes = Task { [weak self] in
            // Subscribing reads SQLite: off the main actor.
            let stream = await Task.detached { notices.changes() }.value
            for await list in stream {
                guard let self else { return }
                if self.archived {
                    self.items = await self.read(archivedOnly: true) ?? self.items
                } else {
                    self.items = list
                }
                self.render()
            }
        }
        refresh()
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    /// Fetches the mailbox from the city; a no-op while a sync is running.
    /// The task ends with the sync (`.refreshable` keeps its spinner).
    @discardableResult
    func refresh() -> Task<Void, Never> {
        if let inFlight { return inFlight }
        status = .running
        render()
        let task = Task { [notices] in
            let outcome: MailboxRefresh
            do {
                // The core stores the notices and tells the listener, which shows them.
                _ = try await notices.sync()
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

    /// Lists the archived notices (`show`) or the others.
    func showArchived(_ show: Bool) {
        archived = show
        render()
        Task {
            self.items = await self.read(archivedOnly: show) ?? self.items
            self.render()
        }
    }

    /// Archives (or restores) notice `id`.
    func archive(_ id: String, archive: Bool = true) {
        act { [notices] in try notices.archive(id: id, archived: archive) }
    }

    /// Marks notice `id` read or unread (on this phone only; opening it is the retrieval).
    func markRead(_ id: String, read: Bool) {
        act { [notices] in try notices.markRead(id: id, read: read) }
    }

    private func act(_ block: @escaping @Sendable () throws -> Void) {
        Task {
            do {
                try await Task.detached { try block() }.value
                if self.archived { self.items = await self.read(archivedOnly: true) ?? self.items }
            } catch {
                self.status = .failed(ErrorKind(error))
            }
            self.render()
        }
    }

    /// The notices on the phone; with `archivedOnly` only the archived ones.
    private func read(archivedOnly: Bool) async -> [Notice]? {
        let notices = self.notices
        let list = try? await Task.detached { try notices.list(includeArchived: archivedOnly) }.value
        return list?.filter { $0.archived == archivedOnly }
    }

    private func render() {
        let rows = (items ?? []).filter { $0.archived == archived }.map { $0.row(formats) }
        let running = status == .running
        var failed: ErrorKind?
        if case .failed(let kind) = status { failed = kind }
        let next: MailboxState
        if !rows.isEmpty || (archived && items != nil) {
            next = MailboxState(
                phase: rows.isEmpty ? .empty : .content,
                rows: rows,
                unread: rows.filter(\.unread).count,
                nextDeadline: rows.compactMap(\.nextDeadline).min { ($0.daysLeft ?? Int64.max) < ($1.daysLeft ?? Int64.max) },
                atRisk: rows.filter(\.atRisk).count,
                showingArchived: archived,
                refreshing: running,
                banner: failed.map { $0 == .offline ? MailboxBanner.offline : MailboxBanner.refreshFailed },
                error: failed
            )
        } else if running || items == nil {
            next = MailboxState(phase: .loading, showingArchived: archived, refreshing: running)
        } else if let failed {
            next = MailboxState(phase: .error, showingArchived: archived, error: failed)
        } else {
            next = MailboxState(phase: .empty, showingArchived: archived)
        }
        if next != state { state = next }
    }
}
