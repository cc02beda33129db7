import Foundation

/// A link into the app: the end of a login or the return from a payment page.
/// Both features take theirs from `DeepLinks`; the link itself is only a hint
/// (the payment return carries no status: the core asks the city).
struct DeepLink: Equatable {
    /// The paths the app answers on its link domain.
    enum Route: String, CaseIterable {
        /// The end of an OIDC login (code and state in the query).
        case authCallback = "/auth/callback"
        /// The return from the payment provider's page (`paymentId` in the query).
        case paymentReturn = "/pay/return"

        var path: String { rawValue }
    }

    /// The app's link domain, as in the entitlements (`applinks:`). Besides
    /// config.toml and the entitlements, the only host in the shell (docs/adr/0007).
    static let host = "app.leipzig.de"
    /// The app's reverse-domain scheme. The login's redirect uses it on every
    /// iOS version (`WebAuthenticator.loginRedirectURI`, caught by the web
    /// authentication session itself); the payment return
    /// `de.leipzig.nahbeimir://pay/return?paymentId=…` uses it before iOS 17.4
    /// and where a browser does not open universal links. It is registered in
    /// Info.plist (`CFBundleURLTypes`, project.yml) so that a return that
    /// finishes in Safari (after a switch to a banking app) still reaches the
    /// app. Another app could claim the scheme too; that is why only the
    /// payment return is accepted on it, and why the core treats it as a hint.
    static let scheme = "de.leipzig.nahbeimir"
    /// The payment return on `scheme`: `de.leipzig.nahbeimir://pay/return`.
    private static let schemePaymentHost = "pay"
    private static let schemePaymentPath = "/return"

    let route: Route
    /// The whole URL, query included: the core parses and checks it, not the shell.
    let url: URL

    /// A link only when it is exactly ours: `https`, exactly `host`, no port,
    /// no user info, and a path that is one of the routes with nothing added;
    /// or the payment return on `scheme` (host `pay`, path `/return`, no port
    /// or user info). Anything else on the scheme (such as the login redirect
    /// outside its session) is refused.
    init?(_ url: URL) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              components.port == nil,
              components.user == nil,
              components.password == nil,
              let route = Self.route(components)
        else { return nil }
        self.route = route
        self.url = url
    }

    private static func route(_ components: URLComponents) -> Route? {
        switch components.scheme?.lowercased() ?? "" {
        case "https":
            guard components.host?.lowercased() == host else { return nil }
            return Route(rawValue: components.percentEncodedPath)
        case scheme:
            guard components.host?.lowercased() == schemePaymentHost,
                  components.percentEncodedPath == schemePaymentPath
            else { return nil }
            return .paymentReturn
        default:
            return nil
        }
    }
}

/// Receives the app's links (`onOpenURL`: universal links, and the payment
/// return on the app's scheme) and holds the newest one until the feature it
/// belongs to takes it, so a link that cold-starts the app is not lost before
/// that screen exists. Anything that is not exactly one of our routes is
/// ignored. The payment return is taken by `PaymentLinks` (the pay screen
/// showing, else a new one); a login callback that arrives outside its session
/// waits here (the login itself gets its redirect from the session).
@MainActor
final class DeepLinks: ObservableObject {
    /// The newest accepted link not yet taken.
    @Published private(set) var pending: DeepLink?

    /// Accepts `url` if it is one of our links; returns whether it did.
    @discardableResult
    func handle(_ url: URL) -> Bool {
        guard let link = DeepLink(url) else { return false }
        pending = link
        return true
    }

    /// Hands the pending link for `route` to its feature, once.
    func take(_ route: DeepLink.Route) -> DeepLink? {
        guard let link = pending, link.route == route else { return nil }
        pending = nil
        return link
    }
}
