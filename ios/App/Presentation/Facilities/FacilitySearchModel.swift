// The facility finder's state and intents: text, category, open now,
// step-free, near me, refresh. Mirrors FacilitySearchStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// What the finder shows. Mirrors `FinderPhase` (FacilitySearchStateHolder.kt).
enum FinderPhase: Equatable {
    /// Nothing stored yet and the first download is under way.
    case loading
    /// Facilities to show.
    case results
    /// The layer is there, but nothing matches the filters.
    case noMatch
    /// Nothing stored and the download failed: `FinderState.error` with retry.
    case error
}

/// "Near me": the shell asks for permission and a position; this only records the outcome.
enum LocationStatus: Equatable {
    /// Not used: results by relevance.
    case off
    /// Asked for; waiting for permission or a first fix.
    case waiting
    /// In use: nearest first, with distances.
    case on
    /// Permission refused or no position: results by relevance, with a hint.
    case unavailable
}

/// The filters, as the citizen set them.
struct FinderFilters: Equatable {
    var text = ""
    var category: FacilityCategory?
    var openNow = false
    var wheelchair = false
}

/// The finder screen's state.
struct FinderState: Equatable {
    var phase: FinderPhase
    var filters = FinderFilters()
    var location = LocationStatus.off
    var rows: [FacilityRow] = []
    /// A download is running (pull to refresh).
    var refreshing = false
    /// The last download failed, or the core could not answer these filters;
    /// shown as a banner while stored facilities are listed. A later good answer
    /// clears a search failure, a later good download a download failure.
    var error: ErrorKind?
    /// The rows are still those of earlier filters; the new answer is on its way.
    var searching = false
}

/// An answer of the core, with the question it answers.
private struct Found {
    let hits: [FacilityHit]
    let at: Date
    let stored: Bool
    let filters: FinderFilters
    let point: GeoPoint?
    /// The core could not answer this question (e.g. a position outside WGS84).
    var failed: ErrorKind?
}

/// The facility finder: search with filters, near me, open now — all answered
/// by the core from the phone's copy of the city's layer, so it works on the
/// tram. The layer is downloaded when none is stored, and on `refresh()`.
/// `now` is the instant "open now" refers to; the answer is re-evaluated
/// every `recheckSeconds` and on `recheck()`, so "open" turns into "closed"
/// at closing time while the screen is shown. A new question cancels the
/// search still running (Kotlin's `collectLatest`): its answer is dropped.
/// Mirrors FacilitySearchStateHolder.kt one to one.
@MainActor
final class FacilitySearchModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = FinderState(phase: .loading)

    private let facilities: Facilities
    private let now: () -> Date
    private let limit: UInt32
    private var filters = FinderFilters()
    private var location = LocationStatus.off
    private var point: GeoPoint?
    private var found: Found?
    private var refreshing = false
    private var error: ErrorKind?
    private var formats: Formats
    /// Kotlin's `combine` waits for every source: no search before the layer's first signal.
    private var layerSeen = false
    /// The search for the current question; replaced (and cancelled) by the next one.
    private var searchTask: Task<Void, Never>?
    /// The running download; non-nil is Kotlin's `inFlight`.
    private var refreshTask: Task<Void, Never>?
    private var changes: Task<Void, Never>?
    private var ticker: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(
        facilities: Facilities,
        language: LanguageSetting,
        now: @escaping () -> Date = { Date() },
        limit: UInt32 = 50,
        recheckSeconds: UInt64 = 60
    ) {
        self.facilities = facilities
        self.now = now
        self.limit = limit
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        // Re-run on every change of the stored layer (and once at once).
        changes = Task { [weak self] in
            let stream = await Task.detached { facilities.changes() }.value
            for await _ in stream {
                self?.layerSeen = true
                self?.search()
            }
        }
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                do {
                    try await Task.sleep(nanoseconds: recheckSeconds * 1_000_000_000)
                } catch {
                    return // cancelled (deinit)
                }
                self?.recheck()
            }
        }
        Task { [weak self] in
            // Counting reads SQLite: off the main actor. A failure counts as nothing stored.
            let stored = await Task.detached { (try? facilities.count()) ?? 0 }.value
            if stored == 0 { self?.refresh() }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription, and the timer.
        changes?.cancel()
        ticker?.cancel()
        searchTask?.cancel()
    }

    /// The search text as typed; any spelling of umlauts finds the same.
    func setText(_ text: String) {
        setFilters { $0.text = text }
    }

    /// Only one kind of facility; nil = every kind.
    func setCategory(_ category: FacilityCategory?) {
        setFilters { $0.category = category }
    }

    /// Only facilities known to be open now.
    func setOpenNow(_ on: Bool) {
        setFilters { $0.openNow = on }
    }

    /// Only fully step-free facilities.
    func setWheelchair(_ on: Bool) {
        setFilters { $0.wheelchair = on }
    }

    /// The citizen tapped "near me": the shell now asks for permission and a position.
    func requestLocation() {
        if location != .on { location = .waiting }
        render()
    }

    /// The platform delivered a position (also later updates).
    func locationFound(lat: Double, lon: Double) {
        setPoint(GeoPoint(lat: lat, lon: lon))
        location = .on
        render()
    }

    /// Permission refused, or no position could be had.
    func locationUnavailable() {
        setPoint(nil)
        location = .unavailable
        render()
    }

    /// Back to results by relevance.
    func stopUsingLocation() {
        setPoint(nil)
        location = .off
        render()
    }

    /// Evaluates the opening hours again for the current time (e.g. back in the foreground).
    func recheck() {
        search()
        render()
    }

    /// Downloads the city's layer (a conditional request); while one runs,
    /// returns that one instead of starting another. The task ends with the
    /// download, so `.refreshable` keeps its spinner until then.
    @discardableResult
    func refresh() -> Task<Void, Never> {
        if let running = refreshTask { return running }
        refreshing = true
        render()
        let task = Task { [facilities] in
            do {
                _ = try await facilities.refresh()
                self.error = nil
            } catch {
                self.error = ErrorKind(error)
            }
            self.refreshing = false
            self.refreshTask = nil
            self.render()
        }
        refreshTask = task
        return task
    }

    /// A filter change re-runs the search only when the filters really
    /// changed (a `StateFlow` drops equal values).
    private func setFilters(_ change: (inout FinderFilters) -> Void) {
        var next = filters
        change(&next)
        if next != filters {
            filters = next
            search()
        }
        render()
    }

    private func setPoint(_ next: GeoPoint?) {
        if next != point {
            point = next
            search()
        }
    }

    /// Asks the core for the current question; the answer replaces `found`
    /// unless a newer question cancelled it meanwhile. Cancelling does not
    /// stop the Rust future (uniffi-rs#2771), so the answer is checked on return.
    private func search() {
        guard layerSeen else { return }
        searchTask?.cancel()
        let f = filters
        let p = point
        let at = now()
        let query = FacilityQuery(
            text: f.text,
            category: f.category?.key,
            near: p,
            openNow: f.openNow,
            at: at,
            wheelchair: f.wheelchair,
            limit: limit
        )
        searchTask = Task { [facilities] in
            let answer: Found
            do {
                let hits = try await facilities.search(query: query)
                let count = try await Task.detached { try facilities.count() }.value
                answer = Found(hits: hits, at: at, stored: count > 0, filters: f, point: p)
            } catch {
                // A superseded search reports nothing, not even its failure.
                if Task.isCancelled { return }
                answer = Found(
                    hits: [], at: at, stored: true, filters: f, point: p, failed: ErrorKind(error)
                )
            }
            if Task.isCancelled { return }
            self.found = answer
            self.render()
        }
    }

    private func render() {
        let rows = found.map { found in found.hits.map { $0.row(formats, now: found.at) } } ?? []
        let shownError = error ?? found?.failed
        let phase: FinderPhase
        if !rows.isEmpty {
            phase = .results
        } else if found?.stored == true {
            phase = .noMatch
        } else if refreshing || found == nil {
            phase = .loading
        } else if shownError != nil {
            phase = .error
        } else {
            // Downloaded, yet nothing stored: the answer to the new layer is on its way.
            phase = .noMatch
        }
        let searching = found.map { $0.filters != filters || $0.point != point } ?? false
        let next = FinderState(
            phase: phase,
            filters: filters,
            location: location,
            rows: rows,
            refreshing: refreshing,
            error: shownError,
            searching: searching
        )
        if next != state { state = next }
    }
}
