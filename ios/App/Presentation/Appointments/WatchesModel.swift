import Combine
import Foundation
import LeipzigCore

/// One watch, formatted; `matches` are bookable offers.
struct WatchRow: Equatable, Identifiable {
    let id: String
    let serviceId: UInt32
    let period: String
    let state: WatchState
    let matches: [SlotRow]
}

/// The watch list.
struct WatchesState: Equatable {
    var watches: [WatchRow] = []
    var refreshing = false
    var error: ErrorKind?
}

/// "Tell me when a slot frees up". The city watches (one server polls ZMS
/// for everyone); adding and removing go through the outbox, so they work
/// offline. Mirrors WatchesStateHolder.kt.
@MainActor
final class WatchesModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = WatchesState()

    private let appointments: Appointments
    private var watches: [SlotWatch] = []
    private var refreshing = false
    private var error: ErrorKind?
    private var formats: Formats
    private var updates: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(appointments: Appointments, language: LanguageSetting) {
        self.appointments = appointments
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        // Watch changes reach the appointments listener; re-read the watches each time.
        updates = Task { [weak self] in
            let stream = await Task.detached { appointments.updates() }.value
            for await _ in stream {
                do {
                    let watches = try await Task.detached { try appointments.watches() }.value
                    self?.watches = watches
                } catch {
                    // Keep the list on screen; the next change or refresh tries again.
                    self?.error = ErrorKind(error)
                }
                self?.render()
            }
        }
        refresh()
    }

    deinit {
        updates?.cancel()
    }

    /// Fetches what the city found. The task ends with the fetch, for `.refreshable`.
    @discardableResult
    func refresh() -> Task<Void, Never> {
        refreshing = true
        render()
        return Task { [appointments] in
            do {
                self.watches = try await appointments.refreshWatches()
                self.error = nil
            } catch {
                self.error = ErrorKind(error)
            }
            self.refreshing = false
            self.render()
        }
    }

    /// Starts watching (saved on the phone at once).
    func add(serviceId: UInt32, officeIds: [UInt32], from: LocalDate, to: LocalDate) {
        let start = from.description
        let end = to.description
        act { [appointments] in
            _ = try await appointments.addWatch(serviceId: serviceId, officeIds: officeIds, from: start, to: end)
        }
    }

    /// Stops watching.
    func remove(_ id: String) {
        act { [appointments] in try await appointments.removeWatch(id: id) }
    }

    private func act(_ block: @escaping @Sendable () async throws -> Void) {
        error = nil
        render()
        Task {
            do {
                try await block()
            } catch {
                self.error = ErrorKind(error)
                self.render()
            }
        }
    }

    private func render() {
        let f = formats
        let next = WatchesState(
            watches: watches.map { watch in
                WatchRow(
                    id: watch.id,
                    serviceId: watch.serviceId,
                    period: "\(Self.day(watch.from, f)) – \(Self.day(watch.to, f))",
                    state: watch.state,
                    matches: watch.matches.map { $0.row(f) }
                )
            },
            refreshing: refreshing,
            error: error
        )
        if next != state { state = next }
    }

    /// The core's ISO day, formatted; shown as sent when it is not one
    /// (Kotlin's `LocalDate.parse` would throw).
    private static func day(_ iso: String, _ formats: Formats) -> String {
        LocalDate(iso: iso).map { formats.day($0) } ?? iso
    }
}
