// The account screen: log in through the system's web authentication
// session, who is logged in, "my details", log out (asked first, and asked
// again while actions saved on the phone have not reached the city). Renders
// `AccountModel.state`; the login's round trip through `WebAuthenticator` is
// this view's glue (Android: AccountScreen's `login` and AccountViewModel).
import LeipzigCore
import SwiftUI

/// Pushes the account screen (the home screen's toolbar button).
struct AccountRoute: Hashable {}

/// The citizen's account. Logged out: what the login is for and "log in",
/// which opens the provider's page in an `ASWebAuthenticationSession` that
/// returns the redirect `de.leipzig.nahbeimir:/oauth2redirect?…` straight to
/// the model. Logged in: the name, "my details" and "log out". The model is
/// the home screen's, so the toolbar there follows the login.
@MainActor
struct AccountView: View {
    @ObservedObject private var model: AccountModel
    private let account: Account
    private let language: LanguageSetting
    private let authenticator: WebAuthenticator
    /// Mirrors `state.logout == .confirming` for the dialog (see `confirmBinding`).
    @State private var confirmShown = false
    /// Mirrors `state.logout == .pendingActions` for the alert (see `pendingBinding`).
    @State private var pendingShown = false
    /// The login page could not be shown.
    @State private var pageUnavailable = false

    init(model: AccountModel, account: Account, language: LanguageSetting, authenticator: WebAuthenticator) {
        _model = ObservedObject(wrappedValue: model)
        self.account = account
        self.language = language
        self.authenticator = authenticator
    }

    var body: some View {
        let state = model.state
        Form {
            if state.loading {
                working("account.loading")
            } else {
                switch state.phase {
                case .loggedIn: loggedIn(state)
                case .loggingIn: loggingIn(state)
                case .error: loginFailed(state)
                case .loggedOut: loggedOut(state)
                }
            }
        }
        .navigationTitle(Text("account.title"))
        // Leaving while the code is exchanged or the logout runs would abandon it half-way.
        .navigationBarBackButtonHidden(state.busy)
        .onReceive(model.$state.map(\.logout).removeDuplicates()) { step in
            confirmShown = step == .confirming
            pendingShown = step == .pendingActions
        }
        .confirmationDialog("account.logoutTitle", isPresented: confirmBinding, titleVisibility: .visible) {
            Button("account.logout", role: .destructive) { model.logout(force: false) }
            Button("action.cancel", role: .cancel) { model.cancelLogout() }
        } message: {
            Text("account.logoutText")
        }
        .alert("account.pendingTitle", isPresented: pendingBinding) {
            Button("account.logoutAnyway", role: .destructive) { model.logout(force: true) }
            Button("action.cancel", role: .cancel) { model.cancelLogout() }
        } message: {
            Text("account.logoutPending \(state.pendingActions)")
        }
        .alert("account.pageUnavailable", isPresented: $pageUnavailable) {
            Button("action.ok", role: .cancel) {}
        }
    }

    // MARK: - Phases

    @ViewBuilder
    private func loggedOut(_ state: AccountState) -> some View {
        Section {
            if let error = state.error {
                // `.unauthorized` here: the provider ended the login (expired, revoked elsewhere).
                Label(error == .unauthorized ? LocalizedStringKey("account.loginEnded") : error.messageKey, systemImage: error.symbol)
                    .foregroundStyle(.red)
            } else if let ended = state.endedAtProvider {
                Label(
                    ended ? LocalizedStringKey("account.loggedOut") : LocalizedStringKey("account.loggedOutOffline"),
                    systemImage: "checkmark.circle"
                )
            }
            Text("account.intro")
            Button(action: startLogin) {
                Text("account.login")
                    .font(.body.weight(.semibold))
            }
        } footer: {
            Text("account.browserHint")
        }
    }

    @ViewBuilder
    private func loggingIn(_ state: AccountState) -> some View {
        Section {
            if state.busy {
                working("account.working")
            } else {
                working("account.inBrowser")
                Button("action.cancel") {
                    authenticator.cancel()
                    model.cancelLogin()
                }
            }
        }
    }

    @ViewBuilder
    private func loginFailed(_ state: AccountState) -> some View {
        let error = state.error ?? .other
        Section {
            // `.unauthorized` here: the provider refused, or the answer did not belong to this login.
            Label(error == .unauthorized ? LocalizedStringKey("account.loginFailed") : error.messageKey, systemImage: error.symbol)
                .foregroundStyle(.red)
            Button("action.retry", action: startLogin)
            Button("action.cancel") {
                model.cancelLogin()
                model.dismissError()
            }
        }
    }

    @ViewBuilder
    private func loggedIn(_ state: AccountState) -> some View {
        Section {
            VStack(alignment: .leading, spacing: 4) {
                Text("account.signedInAs")
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
                Group {
                    if let name = state.displayName {
                        Text(verbatim: name)
                    } else {
                        Text("account.signedIn")
                    }
                }
                .font(.title3.weight(.semibold))
                if let email = state.identity?.email {
                    Text(verbatim: email)
                        .font(.subheadline)
                }
            }
            .padding(.vertical, 4)
            .accessibilityElement(children: .combine)
            NavigationLink {
                ProfileView(account: account, language: language)
            } label: {
                Label("account.profile", systemImage: "person.text.rectangle")
            }
        }
        Section {
            if let error = state.error {
                (Text("account.logoutFailed") + Text(verbatim: " ") + Text(error.messageKey))
                    .foregroundStyle(.red)
            }
            Button(role: .destructive) {
                model.requestLogout()
            } label: {
                HStack {
                    Label("account.logout", systemImage: "rectangle.portrait.and.arrow.right")
                    if state.logout == .loggingOut {
                        Spacer()
                        ProgressView()
                            .accessibilityLabel(Text("account.logoutRunning"))
                    }
                }
            }
            .disabled(state.busy)
        } footer: {
            Text("account.logoutExplanation")
        }
    }

    private func working(_ key: LocalizedStringKey) -> some View {
        HStack(spacing: 12) {
            ProgressView()
            Text(key)
        }
        .accessibilityElement(children: .combine)
    }

    // MARK: - The login's round trip

    /// "Log in" (or "retry"): the provider's URL from the core, the page in
    /// the web authentication session, its redirect back to the model. The
    /// task is not tied to the view: the model outlives it, and the page
    /// covers the app until it is done.
    private func startLogin() {
        Task {
            guard let page = await model.startLogin(redirectUri: WebAuthenticator.loginRedirectURI) else { return }
            guard let url = URL(string: page) else {
                model.cancelLogin()
                pageUnavailable = true
                return
            }
            do {
                let answer = try await authenticator.authenticate(url: url, callbackScheme: WebAuthenticator.loginCallbackScheme)
                // The whole URL, query included: the core checks state, issuer and code.
                model.onRedirect(answer.absoluteString)
            } catch WebAuthenticator.Failure.cancelled {
                model.cancelLogin()
            } catch {
                model.cancelLogin()
                pageUnavailable = true
            }
        }
    }

    // MARK: - Dialog bindings

    /// SwiftUI clears `isPresented` before it runs the tapped button's action,
    /// so the dismissal alone must not cancel: only when no button acted (tap
    /// outside, swipe down) is the model still confirming a moment later.
    private var confirmBinding: Binding<Bool> {
        Binding(
            get: { confirmShown },
            set: { shown in
                confirmShown = shown
                guard !shown else { return }
                Task { @MainActor in
                    if model.state.logout == .confirming { model.cancelLogout() }
                }
            }
        )
    }

    /// The same dismissal rule as `confirmBinding`, for the pending-actions alert.
    private var pendingBinding: Binding<Bool> {
        Binding(
            get: { pendingShown },
            set: { shown in
                pendingShown = shown
                guard !shown else { return }
                Task { @MainActor in
                    if model.state.logout == .pendingActions { model.cancelLogout() }
                }
            }
        )
    }
}
