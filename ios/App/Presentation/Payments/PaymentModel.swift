// Paying one fee or notice: start, the payment page, the return, and following
// the payment until the city says how it ended. Mirrors PaymentStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// Where paying stands. Mirrors `PayPhase`.
enum PayPhase: Equatable, Sendable {
    /// The phone is asked whether this fee has a payment already.
    case loading
    /// Nothing started: "pay now".
    case ready
    /// The payment is saved on the phone and sent to the city.
    case saving
    /// The payment page is open in the browser (`PayState.pageUrl`, also to open it again).
    case openPage
    /// "Zahlung wird geprüft": the city is asked. With `PayState.stillOpen`
    /// the asking in the foreground ended without a result; the background
    /// sync keeps asking.
    case checking
    /// Paid: `PayState.receipt`.
    case paid
    /// Paid before (maybe on another phone): `PayState.receipt`; nothing was charged again.
    case alreadyPaid
    /// Cancelled on the payment page; paying again (`retry`) is a new payment.
    case cancelled
    /// The payment service aborted it; paying again is a new payment.
    case failed
    /// The payment page expired; paying again is a new payment.
    case timedOut
    /// The payment service refused it: `PayState.refusalText`. Nothing was charged.
    case refused
    /// Saved on the phone, not yet confirmed by the city (e.g. no
    /// connection); sent again by `retry` and by the sync.
    case notSent
    /// Something else failed: `PayState.error`.
    case error
}

/// A one-time instruction to the shell. Mirrors `PayEffect`.
enum PayEffect: Equatable, Sendable {
    /// Open `url` in ASWebAuthenticationSession; never a web view.
    case openInBrowser(url: String)
}

/// What the pay screen shows. Mirrors `PayState`.
struct PayState: Equatable {
    var phase: PayPhase
    /// What is paid for.
    var title: String?
    /// `25,00 €`, once known.
    var amount: String?
    /// The app's id of the payment followed, once there is one.
    var paymentId: String?
    /// The payment page while it can be used (to open it again).
    var pageUrl: String?
    /// `.checking`: the foreground asking ended without a final answer.
    var stillOpen = false
    /// The receipt once paid (nil while it is still being fetched).
    var receipt: ReceiptDetails?
    /// Shown as failed or cancelled before, and paid after all.
    var lateCorrection = false
    var refusalCode: String?
    var refusalText: String?
    var notSentReason: String?
    var error: ErrorKind?
    /// Whether "try again" is offered (for a final failure: a new payment).
    var canRetry = false

    /// Something is on its way; leaving would not stop it, but the buttons wait.
    var busy: Bool { phase == .saving || (phase == .checking && !stillOpen) }
}

/// Paying one fee or notice (`subject`), or following a payment whose return
/// link opened the app (`subject` nil). `pay` saves the payment on the phone
/// and sends it (the core), then `effects` asks the shell to open the payment
/// page. The page's return link (`onReturn`) and every return to the
/// foreground (`onForeground`, also when the page closed without a link) ask
/// the city (`settle`, with backoff): the link says nothing about the outcome,
/// and a closed page never means "cancelled". The core's listener moves the
/// screen on as well (a late answer, the receipt arriving, a success found by
/// `Sync.resume()`). Cancelling a Swift task does not stop the Rust future
/// (uniffi-rs#2771): a cancelled question's answer is dropped.
/// Mirrors PaymentStateHolder.kt.
@MainActor
final class PaymentModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state: PayState
    /// One-time instructions (open the payment page), to the screen showing.
    let effects: AnyPublisher<PayEffect, Never>

    /// Kotlin's `Raw`: what the state is rendered from.
    private struct Raw {
        var phase: PayPhase
        var payment: Payment? = nil
        var pageUrl: String? = nil
        var receipt: Receipt? = nil
        var refusalCode: String? = nil
        var notSentReason: String? = nil
        var error: ErrorKind? = nil
        var stillOpen = false
    }

    private let payments: Payments
    private let subject: PaymentSubject?
    private var raw: Raw { didSet { render() } }
    /// The fee as stored on the phone: title and amount before a payment exists.
    private var fee: Fee? = nil { didSet { render() } }
    private let effectSubject: PassthroughSubject<PayEffect, Never>
    /// The running question to the city (Kotlin's `checking` job).
    private var checking: Task<Void, Never>?
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(payments: Payments, subject: PaymentSubject?, language: LanguageSetting) {
        self.payments = payments
        self.subject = subject
        let formats = language.formats
        self.formats = formats
        let raw = Raw(phase: subject == nil ? .checking : .loading)
        self.raw = raw
        state = Self.render(raw, nil, formats)
        let effectSubject = PassthroughSubject<PayEffect, Never>()
        self.effectSubject = effectSubject
        effects = effectSubject.eraseToAnyPublisher()
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        changes = Task { [weak self] in
            let stream = await Task.detached { payments.changes() }.value
            for await list in stream {
                guard let self else { return }
                await self.seen(list)
            }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
        checking?.cancel()
    }

    /// "Pay now": saves, sends, then asks the shell to open the payment page.
    func pay() {
        guard let what = subject ?? raw.payment?.subject else { return }
        if [.loading, .saving, .checking, .paid, .alreadyPaid].contains(raw.phase) { return }
        stopChecking()
        raw = Raw(phase: .saving)
        Task { [payments] in
            let next: Raw
            do {
                let started = try await payments.start(subject: what)
                if started.alreadyPaid {
                    let receipt = await self.receiptOf(started.payment)
                    next = Raw(phase: .alreadyPaid, payment: started.payment, receipt: receipt)
                } else if let url = started.paypageUrl {
                    next = Raw(phase: .openPage, payment: started.payment, pageUrl: url)
                } else {
                    var answered = await self.answer(started.payment)
                    if answered.phase == .notSent { answered.notSentReason = started.notSentReason }
                    next = answered
                }
            } catch ApiError.PaymentRefused(let code, _) {
                next = Raw(phase: .refused, refusalCode: code)
            } catch {
                next = Raw(phase: .error, error: ErrorKind(error))
            }
            self.raw = next
            if next.phase == .openPage, let url = next.pageUrl {
                self.effectSubject.send(.openInBrowser(url: url))
            }
        }
    }

    /// Opens the payment page again (the citizen closed it before paying).
    func openPage() {
        guard let url = raw.pageUrl else { return }
        stopChecking()
        var next = raw
        next.phase = .openPage
        next.stillOpen = false
        raw = next
        effectSubject.send(.openInBrowser(url: url))
    }

    /// The payment page's return link (`https://app.leipzig.de/pay/return?…`
    /// or `de.leipzig.nahbeimir://pay/return?…`), from the session or opening
    /// the app: asks the city which payment and how it stands, and follows it
    /// until it is settled.
    func onReturn(_ link: String) {
        follow(thenSettle: true) { [payments] in try await payments.handleReturn(link: link) }
    }

    /// The app came to the foreground, or the page closed without the return
    /// link: while a payment is open, the city is asked until it is settled.
    func onForeground() {
        let current = raw
        guard let id = current.payment?.id else { return }
        guard [.openPage, .checking, .notSent].contains(current.phase) else { return }
        if checking != nil { return }
        follow(thenSettle: false) { [payments] in try await payments.settle(id: id) }
    }

    /// "Try again": asks the city again while the payment is open; after a
    /// cancelled, failed, expired or refused payment (or one not sent yet)
    /// pays again — a new payment, or the same one still on its way.
    func retry() {
        let current = raw
        let open = current.payment?.state.isOpen == true && current.payment?.paymentId != nil
        if let id = current.payment?.id, open, current.phase == .checking || current.phase == .error {
            follow(thenSettle: false) { [payments] in try await payments.settle(id: id) }
        } else if state.canRetry {
            pay()
        }
    }

    /// Writes the receipt of the paid payment into `directory`
    /// (`Quittung-<number>.pdf` and its JSON) for viewing or sharing; nil
    /// when there is none (yet) or it could not be written.
    func exportReceipt(directory: URL) async -> ExportedReceipt? {
        guard let payment = raw.payment, payment.state == .payed, payment.hasReceipt else { return nil }
        return try? await payments.exportReceipt(payment.id, to: directory, formats: formats)
    }

    // MARK: - Following the payment

    private func stopChecking() {
        checking?.cancel()
        checking = nil
    }

    /// Asks `first`; with `thenSettle` follows the payment it names until it
    /// is settled (unless it is final already, or still only on the phone).
    private func follow(thenSettle: Bool, _ first: @escaping () async throws -> Payment) {
        stopChecking()
        var asking = raw
        asking.phase = .checking
        asking.stillOpen = false
        asking.error = nil
        raw = asking
        checking = Task { [payments] in
            let next: Raw
            do {
                let now = try await first()
                if Task.isCancelled { return }
                self.raw.payment = now
                var latest = now
                if thenSettle && now.state == .initial {
                    latest = try await payments.settle(id: now.id)
                    if Task.isCancelled { return }
                }
                next = await self.answer(latest)
            } catch ApiError.PaymentRefused(let code, _) {
                var refused = self.raw
                refused.phase = .refused
                refused.refusalCode = code
                next = refused
            } catch {
                var failed = self.raw
                failed.phase = .error
                failed.error = ErrorKind(error)
                next = failed
            }
            if Task.isCancelled { return }
            self.raw = next
            self.checking = nil
        }
    }

    /// The state for the city's answer `p`; an open payment stays "wird geprüft".
    private func answer(_ p: Payment) async -> Raw {
        switch p.state {
        case .created:
            // Still only on the phone: the outbox and the sync send it.
            return Raw(phase: .notSent, payment: p, notSentReason: raw.notSentReason)
        case .initial:
            return Raw(phase: .checking, payment: p, pageUrl: p.paypageUrl, stillOpen: true)
        case .payed:
            let phase: PayPhase = raw.phase == .alreadyPaid ? .alreadyPaid : .paid
            let receipt = await receiptOf(p)
            let kept = raw.payment?.id == p.id ? raw.receipt : nil
            return Raw(phase: phase, payment: p, receipt: receipt ?? kept)
        case .canceled:
            return Raw(phase: .cancelled, payment: p)
        case .failed:
            return Raw(phase: p.status() == .timedOut ? .timedOut : .failed, payment: p)
        case .error:
            return Raw(phase: .refused, payment: p, refusalCode: p.errorCode)
        }
    }

    /// The core's listener: every payment, newest first.
    private func seen(_ list: [Payment]) async {
        let current = raw
        if current.phase == .saving { return } // start() decides
        let followed = current.payment.flatMap { payment in list.first { $0.id == payment.id } }
        if current.phase == .loading {
            let subject = self.subject
            let stored = try? await Task.detached { [payments] in try payments.fees() }.value
            fee = stored?.first { $0.subject == subject }
            // A payment of this subject from before: continue it, or show what it became.
            guard let last = list.first(where: { $0.subject == subject }) else {
                raw = Raw(phase: .ready)
                return
            }
            if last.state == .initial, let url = last.paypageUrl {
                raw = Raw(phase: .openPage, payment: last, pageUrl: url)
            } else if last.state == .created {
                raw = Raw(phase: .notSent, payment: last)
            } else if last.state == .payed {
                let receipt = await receiptOf(last)
                raw = Raw(phase: .alreadyPaid, payment: last, receipt: receipt)
            } else {
                // Cancelled, failed or refused before: paying again is a new payment.
                raw = Raw(phase: .ready)
            }
            return
        }
        guard let followed else { return }
        let final = !followed.state.isOpen
        if final && (followed.state != current.payment?.state || current.phase == .checking || current.receipt == nil) {
            // The answer (a late success, the receipt fetched, a result found by resume).
            stopChecking()
            raw = await answer(followed)
        } else if current.phase == .notSent && followed.state == .initial, let url = followed.paypageUrl {
            // Sent meanwhile (by the sync): the page can be opened now.
            raw = Raw(phase: .openPage, payment: followed, pageUrl: url)
        } else if !final && raw.payment?.id == followed.id {
            raw.payment = followed
        }
    }

    private func receiptOf(_ p: Payment) async -> Receipt? {
        guard p.state == .payed && p.hasReceipt else { return nil }
        let id = p.id
        return try? await Task.detached { [payments] in try payments.receipt(id: id) }.value
    }

    private func render() {
        let next = Self.render(raw, fee, formats)
        if next != state { state = next }
    }

    private static func render(_ r: Raw, _ fee: Fee?, _ f: Formats) -> PayState {
        let p = r.payment
        let refusal = r.refusalCode ?? (r.phase == .refused ? p?.errorCode : nil)
        let canRetry: Bool
        switch r.phase {
        case .cancelled, .failed, .timedOut, .notSent, .error: canRetry = true
        case .refused: canRetry = RefusalReason.of(refusal).retryable
        case .checking: canRetry = r.stillOpen
        default: canRetry = false
        }
        return PayState(
            phase: r.phase,
            title: p?.title ?? fee?.title,
            amount: (p?.amountCents ?? fee?.amountCents).map { f.amount(cents: $0) },
            paymentId: p?.id,
            pageUrl: p == nil || p?.state == .initial ? r.pageUrl : nil,
            stillOpen: r.stillOpen,
            receipt: r.receipt?.details(f),
            lateCorrection: p?.lateCorrection == true && r.phase == .paid,
            refusalCode: r.phase == .refused ? refusal : nil,
            refusalText: r.phase == .refused ? PaymentTexts(f.language).refusal(code: refusal) : nil,
            notSentReason: r.notSentReason,
            error: r.error,
            canRetry: canRetry
        )
    }
}
