// One facility's detail state: the row, hours, contact and map links,
// re-read when the stored layer changes and every minute. Mirrors FacilityDetailStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// Where the detail screen stands. Mirrors `FacilityDetailPhase` (FacilityDetailStateHolder.kt).
enum FacilityDetailPhase: Equatable {
    case loading
    case content
    case notFound
    case error
}

/// One facility in full.
struct FacilityDetail: Equatable {
    let row: FacilityRow
    /// The hours as the city publishes them (OpenStreetMap syntax).
    let openingHours: String?
    /// The hours' remark, e.g. "keine Schließung über Mittag".
    let openingComment: String?
    let phone: String?
    let website: String?
    /// For the platform's map app (Android intent; iOS opens Maps from `lat`/`lon`).
    let geoUri: String
    /// The fallback when no map app opens.
    let webMapUrl: String
    let lat: Double
    let lon: Double
}

/// The detail screen's state.
struct FacilityDetailState: Equatable {
    var phase: FacilityDetailPhase
    var detail: FacilityDetail?
    var error: ErrorKind?
}

/// What the core answered, with the instant it answered for.
private enum Loaded {
    case hit(FacilityHit, at: Date)
    case failed(ErrorKind)
}

/// One facility: open or closed now with the next change, the hours, how to
/// reach it, and a map link. Re-reads when the layer changes (the facility
/// may be gone), every `recheckSeconds` and on `recheck()`, so "open until
/// 18:00" turns into "closed" while the screen is shown.
/// Mirrors FacilityDetailStateHolder.kt.
@MainActor
final class FacilityDetailModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = FacilityDetailState(phase: .loading)

    private var loaded: Loaded?
    private var formats: Formats
    private let facilities: Facilities
    private let id: String
    private let now: () -> Date
    private var updates: Task<Void, Never>?
    private var reading: Task<Void, Never>?
    private var ticker: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(
        facilities: Facilities,
        id: String,
        language: LanguageSetting,
        now: @escaping () -> Date = { Date() },
        recheckSeconds: UInt64 = 60
    ) {
        self.facilities = facilities
        self.id = id
        self.now = now
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        updates = Task { [weak self] in
            let stream = await Task.detached { facilities.changes() }.value
            for await _ in stream {
                self?.recheck()
            }
        }
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                do {
                    try await Task.sleep(nanoseconds: recheckSeconds * 1_000_000_000)
                } catch {
                    return
                }
                self?.recheck()
            }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        updates?.cancel()
        ticker?.cancel()
        reading?.cancel()
    }

    /// Reads the facility again at the current time (back in the foreground,
    /// or retry after an error). A newer read supersedes one still running
    /// (Kotlin's `collectLatest`).
    func recheck() {
        reading?.cancel()
        let at = now()
        reading = Task { [facilities, id] in
            let next: Loaded
            do {
                next = .hit(try await facilities.show(id: id, at: at), at: at)
            } catch {
                if Task.isCancelled { return }
                next = .failed(ErrorKind(error))
            }
            if Task.isCancelled { return }
            self.loaded = next
            self.render()
        }
    }

    private func render() {
        let next: FacilityDetailState
        switch loaded {
        case .none:
            next = FacilityDetailState(phase: .loading)
        case .failed(let kind):
            next = FacilityDetailState(phase: kind == .notFound ? .notFound : .error, error: kind)
        case .hit(let hit, let at):
            let f = hit.facility
            next = FacilityDetailState(
                phase: .content,
                detail: FacilityDetail(
                    row: hit.row(formats, now: at),
                    openingHours: f.openingHours,
                    openingComment: hit.opening.comment,
                    phone: f.phone,
                    website: f.website,
                    geoUri: geoUri(lat: f.lat, lon: f.lon, name: f.name),
                    webMapUrl: webMapUrl(lat: f.lat, lon: f.lon),
                    lat: f.lat,
                    lon: f.lon
                )
            )
        }
        if next != state { state = next }
    }
}
