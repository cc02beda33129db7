// The pay screen: "pay now", the city's payment page in ASWebAuthenticationSession,
// then "Zahlung wird geprüft" until the city says paid, cancelled, failed or
// refused. Renders `PaymentModel.state`; the page's round trip is this view's
// glue (Android: PaymentPages and the payment screen's ON_START).
import LeipzigCore
import SwiftUI

/// Paying one fee or notice, or following the payment whose return link
/// opened the app. The model's `openInBrowser` effect opens the payment
/// service's page in an `ASWebAuthenticationSession` (`WebAuthenticator`,
/// never a web view: the app never sees card or PayPal data, and Safari's
/// PayPal login carries over). Its callback — `https://app.leipzig.de/pay/return?…`
/// on iOS 17.4+, `de.leipzig.nahbeimir://pay/return?…` before — goes to
/// `onReturn`; a page closed without one goes to `onForeground`, which asks
/// the city too: a closed page is never taken for "cancelled". Returning to
/// the foreground asks again while the page is not showing.
@MainActor
struct PayView: View {
    @StateObject private var model: PaymentModel
    private let authenticator: WebAuthenticator
    private let links: PaymentLinks
    @Environment(\.scenePhase) private var scenePhase
    /// The session is showing the page (scene changes then belong to it).
    @State private var pageShowing = false
    /// The page could not be shown.
    @State private var pageUnavailable = false
    /// Open the payment page once the model finds it (paying was started
    /// elsewhere, e.g. by a notice's "pay").
    @State private var openPageOnce: Bool

    /// Paying `subject`; with `openPage` the payment was just started
    /// elsewhere (a notice's "pay") and its page opens as soon as the model
    /// finds it, once.
    init(
        payments: Payments,
        language: LanguageSetting,
        subject: PaymentSubject,
        openPage: Bool = false,
        authenticator: WebAuthenticator,
        links: PaymentLinks
    ) {
        _model = StateObject(wrappedValue: PaymentModel(payments: payments, subject: subject, language: language))
        _openPageOnce = State(initialValue: openPage)
        self.authenticator = authenticator
        self.links = links
    }

    /// Following the payment of a return link that no pay screen took.
    init(payments: Payments, language: LanguageSetting, returnLink: String, authenticator: WebAuthenticator, links: PaymentLinks) {
        _model = StateObject(wrappedValue: Self.following(returnLink, payments: payments, language: language))
        _openPageOnce = State(initialValue: false)
        self.authenticator = authenticator
        self.links = links
    }

    private static func following(_ link: String, payments: Payments, language: LanguageSetting) -> PaymentModel {
        let model = PaymentModel(payments: payments, subject: nil, language: language)
        model.onReturn(link)
        return model
    }

    var body: some View {
        let state = model.state
        Form {
            header(state)
            phase(state)
        }
        .navigationTitle(Text("pay.title"))
        .navigationBarBackButtonHidden(state.phase == .saving)
        .onAppear { links.show(model) }
        .onDisappear { links.hide(model) }
        .onReceive(model.effects) { effect in
            switch effect {
            case .openInBrowser(let url): open(url)
            }
        }
        .onChange(of: scenePhase) { phase in
            // While the page shows, the scene changes are its own (the
            // system's sign-in prompt, a banking app); its end is reported below.
            if phase == .active && !pageShowing { model.onForeground() }
        }
        .onReceive(model.$state.map(\.phase).removeDuplicates()) { phase in
            // The city said how it ended while the page was still open (found
            // by `Sync.resume()` after a banking app): close the page.
            if pageShowing && Self.ended(phase) { authenticator.cancel() }
            // Started elsewhere: open the page the model found, once.
            if openPageOnce && phase != .loading {
                openPageOnce = false
                if phase == .openPage && !pageShowing { model.openPage() }
            }
        }
        .alert("pay.pageUnavailable", isPresented: $pageUnavailable) {
            Button("action.ok", role: .cancel) {}
        }
    }

    private static func ended(_ phase: PayPhase) -> Bool {
        switch phase {
        case .paid, .alreadyPaid, .cancelled, .failed, .timedOut, .refused: return true
        default: return false
        }
    }

    // MARK: - Content

    private func header(_ state: PayState) -> some View {
        Section {
            VStack(alignment: .leading, spacing: 6) {
                Group {
                    if let title = state.title {
                        Text(verbatim: title)
                    } else {
                        Text("pay.untitled")
                    }
                }
                .font(.headline)
                if let amount = state.amount {
                    Text(verbatim: amount)
                        .font(.largeTitle.weight(.semibold))
                        .monospacedDigit()
                }
            }
            .padding(.vertical, 4)
            .accessibilityElement(children: .combine)
        }
    }

    @ViewBuilder
    private func phase(_ state: PayState) -> some View {
        switch state.phase {
        case .loading:
            working("pay.loading")
        case .ready:
            Section {
                Button { model.pay() } label: {
                    Text("pay.pay").font(.body.weight(.semibold))
                }
            } footer: {
                Text("pay.browserHint")
            }
        case .saving:
            working("pay.saving")
        case .openPage:
            Section {
                Text(pageShowing ? LocalizedStringKey("pay.inBrowser") : LocalizedStringKey("pay.pageOpen"))
                if !pageShowing && state.pageUrl != nil {
                    Button("pay.openPage") { model.openPage() }
                }
            } footer: {
                Text("pay.checkingFooter")
            }
        case .checking:
            checking(state)
        case .paid, .alreadyPaid:
            paid(state)
        case .cancelled:
            ended(state, "pay.cancelled", mayTurnPaid: true)
        case .failed:
            ended(state, "pay.failed", mayTurnPaid: true)
        case .timedOut:
            ended(state, "pay.timedOut", mayTurnPaid: false)
        case .refused:
            Section {
                Text(verbatim: state.refusalText ?? "")
                if state.canRetry { Button("action.retry") { model.retry() } }
            }
        case .notSent:
            Section {
                Label("pay.notSent", systemImage: "iphone")
                Text("pay.notSentText")
                Button("action.retry") { model.retry() }
            }
        case .error:
            failed(state)
        }
    }

    @ViewBuilder
    private func checking(_ state: PayState) -> some View {
        Section {
            HStack(spacing: 12) {
                if !state.stillOpen { ProgressView() }
                Text("pay.checking").font(.body.weight(.semibold))
            }
            .accessibilityElement(children: .combine)
            Text(state.stillOpen ? LocalizedStringKey("pay.stillOpen") : LocalizedStringKey("pay.checkingText"))
            if state.stillOpen {
                Button("pay.checkAgain") { model.retry() }
                if state.pageUrl != nil {
                    Button("pay.openPage") { model.openPage() }
                }
            }
        } footer: {
            Text("pay.checkingFooter")
        }
    }

    @ViewBuilder
    private func paid(_ state: PayState) -> some View {
        Section {
            Label(
                state.phase == .alreadyPaid ? LocalizedStringKey("pay.alreadyPaid") : LocalizedStringKey("pay.paid"),
                systemImage: "checkmark.seal.fill"
            )
                .foregroundStyle(.green)
                .font(.body.weight(.semibold))
            if state.lateCorrection { Text("pay.lateCorrection") }
            if let receipt = state.receipt {
                PaymentFact(label: "receipt.reference", value: receipt.reference)
                if let method = receipt.method { PaymentFact(label: "receipt.method", value: method) }
                PaymentFact(label: "receipt.paidAt", value: receipt.paidAt)
            }
        }
        Section {
            if let receipt = state.receipt, let id = state.paymentId {
                NavigationLink(value: PaymentsRoute.receipt(paymentId: id)) {
                    Label("pay.showReceipt", systemImage: "doc.text")
                }
                ShareLink(
                    item: ReceiptFile { [model] in await model.exportReceipt(directory: ReceiptFile.directory)?.pdf },
                    preview: SharePreview(Text("receipt.shareTitle \(receipt.number)"), image: Image(systemName: "doc.richtext"))
                ) {
                    Label("receipt.share", systemImage: "square.and.arrow.up")
                }
            } else {
                Text("pay.receiptPending").foregroundStyle(.secondary)
            }
        }
    }

    /// Cancelled, failed or expired: what happened, and "try again" (a new payment).
    @ViewBuilder
    private func ended(_ state: PayState, _ message: LocalizedStringKey, mayTurnPaid: Bool) -> some View {
        Section {
            Text(message)
            if state.canRetry { Button("action.retry") { model.retry() } }
        } footer: {
            // SEPA and Wero settle late: a cancelled or failed payment may still turn paid.
            if mayTurnPaid { Text("pay.lateHint") }
        }
    }

    @ViewBuilder
    private func failed(_ state: PayState) -> some View {
        let kind = state.error ?? .other
        Section {
            if kind == .unauthorized {
                Label("pay.needsLogin", systemImage: "person.crop.circle.badge.exclamationmark")
                NavigationLink(value: AccountRoute()) { Text("account.login") }
            } else {
                Label(kind.messageKey, systemImage: kind.symbol).foregroundStyle(.red)
            }
            if state.canRetry { Button("action.retry") { model.retry() } }
        }
    }

    private func working(_ key: LocalizedStringKey) -> some View {
        Section {
            HStack(spacing: 12) {
                ProgressView()
                Text(key)
            }
            .accessibilityElement(children: .combine)
        }
    }

    // MARK: - The page's round trip

    /// Shows the page in the web authentication session; whatever comes back
    /// (or nothing) makes the model ask the city. The task is not tied to the
    /// view: the model outlives it, and the page covers the app until done.
    private func open(_ page: String) {
        guard let url = URL(string: page) else {
            pageUnavailable = true
            return
        }
        pageShowing = true
        Task {
            do {
                let answer = try await authenticator.authenticate(url: url, route: .paymentReturn)
                pageShowing = false
                // The whole URL: the core reads the payment id and asks the city.
                model.onReturn(answer.absoluteString)
            } catch WebAuthenticator.Failure.cancelled {
                // Closed by the citizen, or by a return link that arrived
                // outside the session: never "cancelled" — ask the city.
                pageShowing = false
                model.onForeground()
            } catch {
                pageShowing = false
                pageUnavailable = true
                model.onForeground()
            }
        }
    }
}
