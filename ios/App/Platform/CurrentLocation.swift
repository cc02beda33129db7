// "Near me" for the facility finder: one position from Core Location, with
// the when-in-use permission asked for on first use, and what came of it
// (found, refused, Location Services off, no fix in time). Mirrors Android's
// platform/CurrentLocation.kt; what "near me" then does is the model's.
import CoreLocation
import Foundation

/// What came of asking for the phone's position. The finder turns `found`
/// into `FacilitySearchModel.locationFound` and everything else into
/// `locationUnavailable`, with a hint that says which of them it was.
enum LocationOutcome: Equatable, Sendable {
    /// A position in WGS84 degrees.
    case found(lat: Double, lon: Double)
    /// The citizen refused location for this app, or it is restricted
    /// (Screen Time, device management): Settings can change that.
    case denied
    /// Location Services are off for the whole phone.
    case servicesOff
    /// No fix within the timeout, Core Location failed, or the request was
    /// cancelled or replaced by a newer one.
    case noFix
}

/// One position from Core Location, asked for only when the citizen taps
/// "near me". When-in-use permission (`NSLocationWhenInUseUsageDescription`),
/// the system's one-shot `requestLocation()`, hundred-metre accuracy; an
/// approximate position (the citizen turned off "Precise Location") is fine
/// for sorting by distance. A position the phone already has is used when it
/// is at most two minutes old. The position never leaves the phone: the core
/// searches its stored copy of the layer.
///
/// An `ObservableObject` only so a view can own one with `@StateObject`.
@MainActor
final class CurrentLocation: ObservableObject {
    private let manager = CLLocationManager()
    private let delegate = LocationDelegate()
    /// The request waiting for an answer; the token tells it from a newer one.
    private var pending: (token: UUID, continuation: CheckedContinuation<LocationOutcome, Never>)?
    private var timeout: Task<Void, Never>?
    private let timeoutSeconds: UInt64
    private let recentSeconds: TimeInterval

    /// - Parameters:
    ///   - timeoutSeconds: how long to wait for a fix once permitted (as on Android).
    ///   - recentSeconds: how old a position the phone already knows may be.
    init(timeoutSeconds: UInt64 = 10, recentSeconds: TimeInterval = 120) {
        self.timeoutSeconds = timeoutSeconds
        self.recentSeconds = recentSeconds
        manager.desiredAccuracy = kCLLocationAccuracyHundredMeters
        // The delegate runs on the main thread, but outside the actor's view: hop.
        delegate.authorizationChanged = { [weak self] in
            Task { @MainActor [weak self] in self?.authorizationChanged() }
        }
        delegate.answered = { [weak self] outcome in
            Task { @MainActor [weak self] in self?.finish(outcome) }
        }
        manager.delegate = delegate
    }

    /// One position, or why there is none. The permission prompt itself has
    /// no timeout (the citizen is reading it); the timeout starts with the
    /// request for a fix. A new call ends the previous one with `noFix`, and
    /// so does cancelling the calling task.
    func current() async -> LocationOutcome {
        // Asking whether Location Services are on may block: off the main actor.
        let enabled = await Task.detached { CLLocationManager.locationServicesEnabled() }.value
        guard enabled else { return .servicesOff }
        let token = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Runs at once, on the main actor: nothing can come between.
                finish(.noFix)
                pending = (token, continuation)
                proceed()
            }
        } onCancel: {
            Task { @MainActor [weak self] in self?.finish(.noFix, token: token) }
        }
    }

    /// Asks for permission, or a fix once permitted, or gives up.
    private func proceed() {
        guard pending != nil else { return }
        switch manager.authorizationStatus {
        case .notDetermined:
            // The answer arrives in `authorizationChanged`.
            manager.requestWhenInUseAuthorization()
        case .authorizedWhenInUse, .authorizedAlways:
            if let known = manager.location, known.horizontalAccuracy >= 0,
               -known.timestamp.timeIntervalSinceNow <= recentSeconds {
                finish(.found(lat: known.coordinate.latitude, lon: known.coordinate.longitude))
            } else {
                startTimeout()
                manager.requestLocation()
            }
        case .denied, .restricted:
            finish(.denied)
        @unknown default:
            finish(.denied)
        }
    }

    /// The delegate also reports the status when it is set: only a decided
    /// status of a request still waiting for permission matters.
    private func authorizationChanged() {
        guard pending != nil, timeout == nil, manager.authorizationStatus != .notDetermined else { return }
        proceed()
    }

    private func startTimeout() {
        timeout?.cancel()
        let seconds = timeoutSeconds
        timeout = Task { [weak self] in
            do {
                try await Task.sleep(nanoseconds: seconds * 1_000_000_000)
            } catch {
                return // answered before the timeout
            }
            self?.finish(.noFix)
        }
    }

    /// Answers the waiting request (only it, when `token` is given) and stops Core Location.
    private func finish(_ outcome: LocationOutcome, token: UUID? = nil) {
        guard let waiting = pending, token == nil || waiting.token == token else { return }
        pending = nil
        timeout?.cancel()
        timeout = nil
        // Also cancels a `requestLocation()` still running.
        manager.stopUpdatingLocation()
        waiting.continuation.resume(returning: outcome)
    }
}

/// Core Location's delegate, kept apart from the main-actor class so it
/// satisfies the protocol whether or not the SDK marks it `@MainActor`; it
/// only hands the callbacks on. The manager calls it on the main thread (it
/// was created there).
private final class LocationDelegate: NSObject, CLLocationManagerDelegate {
    var authorizationChanged: (() -> Void)?
    var answered: ((LocationOutcome) -> Void)?

    func locationManagerDidChangeAuthorization(_ manager: CLLocationManager) {
        authorizationChanged?()
    }

    func locationManager(_ manager: CLLocationManager, didUpdateLocations locations: [CLLocation]) {
        guard let last = locations.last else { return }
        answered?(.found(lat: last.coordinate.latitude, lon: last.coordinate.longitude))
    }

    /// `requestLocation()` reports a failure once and stops; `denied` means
    /// the permission was withdrawn meanwhile (or Location Services turned off).
    func locationManager(_ manager: CLLocationManager, didFailWithError error: Error) {
        let denied = (error as? CLError)?.code == .denied
        answered?(denied ? .denied : .noFix)
    }
}
