// The citizen's login: start it for the system's web authentication session,
// finish it with the redirect, log out. Mirrors AccountStateHolder.kt one to one.
import Foundation
import LeipzigCore

/// Where the login stands. Mirrors `AccountPhase` (AccountStateHolder.kt).
enum AccountPhase: Equatable, Sendable {
    /// Nobody is logged in on this phone.
    case loggedOut
    /// A login was started: the provider's page is open in the web
    /// authentication session (or its URL is being fetched, or the answer
    /// exchanged: `AccountState.busy`).
    case loggingIn
    /// `AccountState.identity` is logged in.
    case loggedIn
    /// The login failed (`AccountState.error`); starting again is allowed.
    case error
}

/// Where a logout stands. Mirrors `LogoutStep`.
enum LogoutStep: Equatable, Sendable {
    /// Nothing asked.
    case idle
    /// The citizen asked; the screen says what a logout deletes and asks to confirm.
    case confirming
    /// Ending the session at the provider and deleting the personal data on the phone.
    case loggingOut
    /// `AccountState.pendingActions` actions saved on the phone have not
    /// reached the city yet: the logout would drop them. Wait for them, or
    /// log out anyway with `AccountModel.logout(force: true)`.
    case pendingActions
}

/// What the account screen shows. Mirrors `AccountState`.
struct AccountState: Equatable {
    var phase = AccountPhase.loggedOut
    /// Who is logged in; nil unless `phase` is `.loggedIn`.
    var identity: Identity?
    /// The name to greet with (`accountDisplayName`); nil when the provider sent none.
    var displayName: String?
    /// The phone is asked (whether someone is logged in) for the first time.
    var loading = true
    /// Something is on its way (the login URL, the code exchange, the logout).
    var busy = false
    var logout = LogoutStep.idle
    /// Unsent actions, while `logout` is `.pendingActions`.
    var pendingActions = 0
    /// What failed: the login (`.error`), a logout (the citizen stays logged
    /// in), or `.unauthorized` with `.loggedOut` when the provider ended the login.
    var error: ErrorKind?
    /// After a logout: false when the provider could not be reached (the phone is wiped anyway).
    var endedAtProvider: Bool?
}

/// The name a screen greets `identity` with: the full name, else given and
/// family name. Kotlin's `displayName(identity)`.
func accountDisplayName(_ identity: Identity) -> String? {
    if let name = identity.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty {
        return name
    }
    let joined = [identity.givenName, identity.familyName].compactMap { $0 }.joined(separator: " ")
        .trimmingCharacters(in: .whitespacesAndNewlines)
    return joined.isEmpty ? nil : joined
}

/// The name the home screen's account button names: the given name, else
/// `accountDisplayName`. Kotlin's `HomeState.accountName` (HomeStateHolder.kt).
func accountShortName(_ identity: Identity) -> String? {
    if let given = identity.givenName?.trimmingCharacters(in: .whitespacesAndNewlines), !given.isEmpty {
        return given
    }
    return accountDisplayName(identity)
}

/// The login (OpenID Connect with the system browser, RFC 8252). The shell
/// opens the URL that `startLogin` returns in an `ASWebAuthenticationSession`
/// (`WebAuthenticator`) and hands the redirect back to `onRedirect`; the core
/// checks it (state, issuer, tokens) and keeps the tokens in the Keychain.
/// Who is logged in is read again after every change the core reports
/// (login, logout, a login the provider ended).
///
/// A logout deletes everything personal on the phone; actions not yet
/// received by the city are never dropped silently (`.pendingActions`).
/// Nothing personal is logged. Mirrors AccountStateHolder.kt one to one.
@MainActor
final class AccountModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = AccountState()

    private let account: Account
    private var changes: Task<Void, Never>?

    init(account: Account) {
        self.account = account
        changes = Task { [weak self] in
            let stream = await Task.detached { account.changes() }.value
            for await _ in stream {
                do {
                    // whoami reads SQLite: off the main actor.
                    let who = try await Task.detached { try account.whoami() }.value
                    self?.update { $0 = Self.seeing($0, who) }
                } catch {
                    let kind = ErrorKind(error)
                    self?.update { $0.loading = false; $0.error = kind }
                }
            }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    /// The state after reading who is logged in.
    private static func seeing(_ state: AccountState, _ who: Identity?) -> AccountState {
        var next = state
        if let who {
            next.phase = .loggedIn
            next.identity = who
            next.displayName = accountDisplayName(who)
            next.loading = false
            next.error = state.phase == .loggedIn ? state.error : nil
        } else if state.logout == .loggingOut {
            // Our own logout reports itself when it is done.
            next.loading = false
        } else if state.phase == .loggedIn {
            // Logged in a moment ago and now nobody: the provider ended the login.
            return AccountState(loading: false, error: .unauthorized)
        } else {
            next.loading = false
            next.identity = nil
            next.displayName = nil
        }
        return next
    }

    /// Starts a login that comes back to `redirectUri` (the shell's
    /// registered redirect). Returns the provider's URL to open, or nil when
    /// it could not be had (the state says why) or a login or logout is
    /// already on its way.
    func startLogin(redirectUri: String) async -> String? {
        let before = state
        if before.busy || before.phase == .loggedIn { return nil }
        update {
            $0.phase = .loggingIn
            $0.busy = true
            $0.error = nil
            $0.endedAtProvider = nil
        }
        do {
            let request = try await account.beginLogin(redirectUri: redirectUri)
            // Kotlin's CancellationException: the caller gave up meanwhile
            // (the Rust future is not cancelled, uniffi-rs#2771).
            if Task.isCancelled {
                update { $0.phase = .loggedOut; $0.busy = false }
                return nil
            }
            update { $0.busy = false }
            return request.url
        } catch {
            let kind = ErrorKind(error)
            update { $0.phase = .error; $0.busy = false; $0.error = kind }
            return nil
        }
    }

    /// The session came back to the redirect URI with `url` (code, state,
    /// issuer — or an error). A foreign answer (wrong state) is refused
    /// without ending the real login, so the real answer still completes it.
    func onRedirect(_ url: String) {
        let before = state
        if before.busy || before.phase == .loggedIn { return }
        update { $0.phase = .loggingIn; $0.busy = true; $0.error = nil }
        Task { [account] in
            do {
                let who = try await account.completeLogin(redirectUrl: url)
                self.update {
                    $0.busy = false
                    $0 = Self.seeing($0, who)
                }
            } catch {
                let kind = ErrorKind(error)
                self.update { $0.phase = .error; $0.busy = false; $0.error = kind }
            }
        }
    }

    /// The page was closed without an answer: back to logged out. A late
    /// answer is still accepted by `onRedirect`.
    func cancelLogin() {
        update {
            if $0.phase == .loggingIn && !$0.busy { $0.phase = .loggedOut }
        }
    }

    /// After a failed login: the message was read, nothing is retried.
    func dismissError() {
        update {
            if $0.phase == .error {
                $0.phase = .loggedOut
                $0.error = nil
            } else if !$0.busy {
                $0.error = nil
            }
        }
    }

    /// "Log out" tapped: the screen asks first.
    func requestLogout() {
        update {
            if $0.phase == .loggedIn && $0.logout == .idle {
                $0.logout = .confirming
                $0.error = nil
            }
        }
    }

    /// The citizen changed their mind (in either question).
    func cancelLogout() {
        update {
            if $0.logout != .loggingOut { $0.logout = .idle }
        }
    }

    /// Logs out: ends the session at the provider and deletes everything
    /// personal on the phone. Without `force`, actions not yet received by the
    /// city stop it with `.pendingActions`; with it (the citizen chose "log
    /// out anyway") they are dropped.
    func logout(force: Bool = false) {
        let before = state
        if before.phase != .loggedIn || before.busy { return }
        update { $0.logout = .loggingOut; $0.busy = true; $0.error = nil }
        Task { [account] in
            do {
                let report = try await account.logout(force: force)
                self.update { $0 = AccountState(loading: false, endedAtProvider: report.endedAtProvider) }
            } catch ApiError.PendingActions(let count) {
                self.update { $0.logout = .pendingActions; $0.busy = false; $0.pendingActions = Int(count) }
            } catch {
                let kind = ErrorKind(error)
                self.update { $0.logout = .idle; $0.busy = false; $0.error = kind }
                // The core may have ended the login before it failed: read it again.
                // (`try?` would flatten "nobody" and "could not read" into one nil.)
                let who: Identity?
                do {
                    who = try await Task.detached { try account.whoami() }.value
                } catch {
                    return
                }
                if who == nil { self.update { $0 = AccountState(loading: false, error: kind) } }
            }
        }
    }

    /// Applies `change` and publishes only a different state.
    private func update(_ change: (inout AccountState) -> Void) {
        var next = state
        change(&next)
        if next != state { state = next }
    }
}
