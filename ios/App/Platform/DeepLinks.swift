import Foundation

/// A universal link into the app that a later feature finishes.
struct DeepLink: Equatable {
    /// The paths the app answers on its link domain.
    enum Route: String, CaseIterable {
        /// The end of an OIDC login (code and state in the query).
        case authCallback = "/auth/callback"
        /// The return from the payment provider's page.
        case paymentReturn = "/pay/return"

        var path: String { rawValue }
    }

    /// The app's link domain, as in the entitlements (`applinks:`). Besides
    /// config.toml and the entitlements, the only host in the shell (docs/adr/0007).
    static let host = "app.leipzig.de"
    /// The reverse-domain scheme login callbacks use before iOS 17.4
    /// (`WebAuthenticator`). Deliberately not registered in Info.plist
    /// (`CFBundleURLTypes`): ASWebAuthenticationSession does not need it, and
    /// any other app could claim a registered scheme.
    static let scheme = "de.leipzig.nahbeimir"

    let route: Route
    /// The whole URL, query included: the core parses and checks it, not the shell.
    let url: URL

    /// A link only when it is exactly ours: `https`, exactly `host`, no port,
    /// no user info, and a path that is one of the routes with nothing added.
    init?(_ url: URL) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              components.scheme?.lowercased() == "https",
              components.host?.lowercased() == Self.host,
              components.port == nil,
              components.user == nil,
              components.password == nil,
              let route = Route(rawValue: components.percentEncodedPath)
        else { return nil }
        self.route = route
        self.url = url
    }
}

/// Receives the app's universal links (`onOpenURL`) and holds the newest one
/// until the feature it belongs to takes it, so a link that cold-starts the
/// app is not lost before that screen exists. Anything that is not exactly
/// one of our routes is ignored.
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
