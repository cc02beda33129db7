// Opens the login and payment pages in ASWebAuthenticationSession and returns
// the URL the page redirects to.
import AuthenticationServices
import UIKit

/// Opens the city's login (OIDC) and payment pages in the system's web
/// authentication session and returns the URL the page finally redirects to.
/// The page URL comes from the core; the shell never builds one.
///
/// Two kinds of callback:
/// - `authenticate(url:route:)` — on iOS 17.4+ a universal link on
///   `DeepLink.host` (the entitlements carry `applinks:` and `webcredentials:`
///   for it, which the `.https` callback requires); before that, the
///   reverse-domain scheme `DeepLink.scheme`. `usesUniversalLinkCallbacks`
///   tells a feature which redirect the core must ask for. For payments.
/// - `authenticate(url:callbackScheme:)` — always the given private-use
///   scheme, on every iOS version. The login uses it with `loginRedirectURI`,
///   the redirect the provider's client is registered with today (RFC 8252
///   §7.1). The session catches the scheme itself: it need not be
///   registered in Info.plist (it is, but only for the payment return that
///   arrives outside a session; `DeepLink` refuses anything else on it).
@MainActor
final class WebAuthenticator {
    /// Why no callback URL came back.
    enum Failure: Error, Equatable {
        /// The citizen closed the page.
        case cancelled
        /// The session could not be shown (e.g. no window).
        case couldNotStart
        /// The system reported an error (its code, no URL).
        case failed(code: Int)
    }

    /// The login's redirect URI, exactly as registered at the provider (and
    /// in Android's `DeepLinkPaths.LOGIN_REDIRECT_URI`).
    static let loginRedirectURI = "\(DeepLink.scheme):/oauth2redirect"

    /// The login's callback scheme: `de.leipzig.nahbeimir`.
    static let loginCallbackScheme = DeepLink.scheme

    /// Where a session's answer comes back.
    private enum Callback {
        /// A route on the link domain (iOS 17.4+), else `DeepLink.scheme`.
        case route(DeepLink.Route)
        /// A private-use scheme, on every version.
        case scheme(String)
    }

    /// Whether callbacks arrive as `https://app.leipzig.de/…` (iOS 17.4+).
    static var usesUniversalLinkCallbacks: Bool {
        if #available(iOS 17.4, *) { return true }
        return false
    }

    /// The session being shown and its anchor provider: the session holds its
    /// provider weakly, so both are kept until the session completes. The
    /// token tells a finished session from the one that replaced it.
    private var running: (token: UUID, session: ASWebAuthenticationSession, anchor: AnchorProvider)?

    /// Shows `url` and waits for the redirect to `route`. A second call
    /// cancels the first (which then throws `.cancelled`).
    func authenticate(url: URL, route: DeepLink.Route) async throws -> URL {
        try await authenticate(url: url, callback: .route(route))
    }

    /// Shows `url` and waits for a redirect to `callbackScheme` (any path:
    /// the core checks the whole URL). A second call cancels the first.
    func authenticate(url: URL, callbackScheme: String) async throws -> URL {
        try await authenticate(url: url, callback: .scheme(callbackScheme))
    }

    /// Closes the page being shown, if any; its caller gets `.cancelled`.
    func cancel() {
        running?.session.cancel()
    }

    private func authenticate(url: URL, callback: Callback) async throws -> URL {
        running?.session.cancel()
        let token = UUID()
        let anchor = AnchorProvider(anchor: Self.keyWindow())
        return try await withCheckedThrowingContinuation { continuation in
            let session = Self.session(url: url, callback: callback) { [weak self] callbackURL, error in
                Task { @MainActor in self?.finished(token) }
                if let callbackURL {
                    continuation.resume(returning: callbackURL)
                } else if let error = error as? ASWebAuthenticationSessionError, error.code == .canceledLogin {
                    continuation.resume(throwing: Failure.cancelled)
                } else {
                    continuation.resume(throwing: Failure.failed(code: (error as NSError?)?.code ?? 0))
                }
            }
            session.presentationContextProvider = anchor
            // Shares Safari's cookies: the IdP's single sign-on and the payment
            // provider's session carry over, and nothing of the login is kept
            // inside the app. The system asks the citizen before it opens.
            session.prefersEphemeralWebBrowserSession = false
            running = (token, session, anchor)
            // When `start()` fails the completion handler is not called.
            if !session.start() {
                finished(token)
                continuation.resume(throwing: Failure.couldNotStart)
            }
        }
    }

    private func finished(_ token: UUID) {
        if running?.token == token { running = nil }
    }

    private static func session(
        url: URL,
        callback: Callback,
        completion: @escaping ASWebAuthenticationSession.CompletionHandler
    ) -> ASWebAuthenticationSession {
        if #available(iOS 17.4, *) {
            let target: ASWebAuthenticationSession.Callback
            switch callback {
            case .route(let route): target = .https(host: DeepLink.host, path: route.path)
            case .scheme(let scheme): target = .customScheme(scheme)
            }
            return ASWebAuthenticationSession(url: url, callback: target, completionHandler: completion)
        }
        let scheme: String
        switch callback {
        case .route: scheme = DeepLink.scheme
        case .scheme(let custom): scheme = custom
        }
        return ASWebAuthenticationSession(url: url, callbackURLScheme: scheme, completionHandler: completion)
    }

    private static func keyWindow() -> ASPresentationAnchor {
        let windows = UIApplication.shared.connectedScenes
            .compactMap { $0 as? UIWindowScene }
            .flatMap(\.windows)
        return windows.first(where: \.isKeyWindow) ?? windows.first ?? ASPresentationAnchor()
    }
}

/// Gives the session the window to present over. It only returns a window
/// picked on the main actor, so it works whether or not the SDK marks the
/// protocol `@MainActor`.
private final class AnchorProvider: NSObject, ASWebAuthenticationPresentationContextProviding {
    private let anchor: ASPresentationAnchor

    init(anchor: ASPresentationAnchor) {
        self.anchor = anchor
    }

    func presentationAnchor(for session: ASWebAuthenticationSession) -> ASPresentationAnchor {
        anchor
    }
}
