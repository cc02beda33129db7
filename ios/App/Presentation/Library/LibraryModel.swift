// Ordering a library card and following it: the card types with the city's
// fees, the order form prefilled from the profile, then the registration's
// state (pay its fee, bring an ID to the first visit, active, refused).
// Mirrors LibraryStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// Where the library card stands. Mirrors `LibraryPhase`.
enum LibraryPhase: Equatable, Sendable {
    /// The phone is read.
    case loading
    /// No card ordered (or ordering again): the card types and the order form.
    case order
    /// The order is checked and sent.
    case saving
    /// Saved on the phone, not sent yet (offline): it is sent when there is a connection.
    case saved
    /// At the city, not decided yet.
    case submitted
    /// The fee is to be paid: `LibraryState.canPay`.
    case paymentPending
    /// "Bitte Ausweis beim ersten Besuch mitbringen": the desk activates the card.
    case readyForIdCheck
    /// The card works: the card screen shows it.
    case active
    /// Refused (`LibraryState.statusDetail`); `orderAgain` starts a new order.
    case rejected
    /// Nothing on the phone and the city could not be asked: `LibraryState.error`.
    case error
}

/// A registration as the status screen shows it. Mirrors `RegistrationRow`.
struct RegistrationRow: Equatable, Identifiable, Sendable {
    let id: String
    let state: RegistrationState
    let cardTypeName: String
    /// The city's fee ("12,50 €", "kostenlos"); nil until the city said it.
    let fee: String?
    let branchName: String?
    let flags: [String]
    let cardNumber: String?
}

/// A one-time instruction to the shell. Mirrors `LibraryEffect`.
enum LibraryEffect: Equatable, Sendable {
    /// Paying started (`Library.pay`): show the pay screen of `subject` — it
    /// finds the payment just started — and open `pageUrl` in the browser
    /// when there is one (none when it was paid before or is not sent yet).
    case pay(subject: PaymentSubject, pageUrl: String?)
}

/// What the library screen (card types, order form, status) shows. Mirrors `LibraryState`.
struct LibraryState: Equatable {
    var phase: LibraryPhase
    /// The card types with the city's fees; the chosen one `selected`.
    var cardTypes: [CardTypeRow] = []
    var branches: [BranchRow] = []
    var form = OrderForm()
    /// The chosen card type asks for a Leipzig-Pass number.
    var needsLeipzigPass = false
    /// The applicant is under 18: a parent must agree.
    var needsGuardian = false
    /// The chosen card is for two adults.
    var needsPartner = false
    /// The field the city's rules refused, with what the citizen reads about it.
    var invalidField: OrderField?
    var invalidText: String?
    /// The current registration (newest).
    var registration: RegistrationRow?
    /// "Gebühr offen", "Bitte Ausweis beim ersten Besuch mitbringen", …
    var statusText: String?
    var statusDetail: String?
    var canPay = false
    var paying = false
    /// Why the payment service refused paying (nothing was charged).
    var payRefusal: String?
    var refreshing = false
    /// Not logged in: the order needs the profile.
    var loginNeeded = false
    var error: ErrorKind?

    /// "Beantragen" is enabled.
    var canSubmit: Bool { phase == .order && !form.cardType.isEmpty && !form.branchId.isEmpty }
}

/// Ordering a library card: the card types with the fees the city says
/// (never the app's own), an order prefilled from the profile
/// (`Library.draft`) with a card type suggested for the age and a
/// Leipzig-Pass, `submit` checked by the core with the city's rules (the
/// field refused and why, nothing saved), then the registration's state:
/// the fee to pay (`pay` hands over to the payments flow through
/// `effects`), ready for the ID check at the first visit, active, refused.
/// The listener brings every change; `refresh` asks the city. Cancelling a
/// Swift task does not stop the Rust future (uniffi-rs#2771).
/// Mirrors LibraryStateHolder.kt.
@MainActor
final class LibraryModel: ObservableObject {
    @Published private(set) var state = LibraryState(phase: .loading)
    /// One-time instructions (pay), to the screen showing.
    let effects: AnyPublisher<LibraryEffect, Never>

    /// Kotlin's `Raw`: what the state is rendered from.
    private struct Raw {
        var loaded = false
        var types: [CardType] = []
        var branches: [LibraryBranch] = []
        var registrations: [LibraryRegistration] = []
        var form: OrderForm?
        var ordering = false
        var saving = false
        var field: OrderField?
        var code: String?
        var paying = false
        var refusalCode: String?
        var refreshing = false
        var loginNeeded = false
        var error: ErrorKind?
    }

    private let library: Library
    private let today: () -> LocalDate
    private var raw = Raw() { didSet { render() } }
    private var formats: Formats
    private let effectSubject = PassthroughSubject<LibraryEffect, Never>()
    private var changes: Task<Void, Never>?
    private var inFlight: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(library: Library, language: LanguageSetting, today: @escaping () -> LocalDate = { LocalDate.today() }) {
        self.library = library
        self.today = today
        formats = language.formats
        effects = effectSubject.eraseToAnyPublisher()
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        Task {
            await self.readPhone()
            self.raw.loaded = true
            self.refresh()
        }
        changes = Task { [weak self] in
            // Subscribing reads SQLite: off the main actor.
            let stream = await Task.detached { library.changes() }.value
            for await list in stream {
                guard let self else { return }
                self.raw.registrations = list
            }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    private func readPhone() async {
        let library = self.library
        do {
            let (types, branches, list) = try await Task.detached {
                (try library.cardTypes(), try library.branches(), try library.registrations())
            }.value
            raw.types = types
            raw.branches = branches
            raw.registrations = list
        } catch {
            raw.error = ErrorKind(error)
        }
        await prefill()
    }

    /// The form from the profile, once (and after a login).
    private func prefill() async {
        if raw.form != nil { return }
        let library = self.library
        do {
            let draft = try await Task.detached { try library.draft() }.value
            let form = OrderForm.of(draft, language: formats.language)
            var next = form
            next.cardType = suggest(form, raw.types)
            raw.form = next
            raw.loginNeeded = false
        } catch {
            // Without a login (or a profile) there is nothing to prefill.
            raw.loginNeeded = true
        }
    }

    /// YOUTH under 19, REDUCED with a Leipzig-Pass, else what the core drafted.
    private func suggest(_ form: OrderForm, _ types: [CardType]) -> String {
        let ids = Set(types.map(\.id))
        let age = form.age(today())
        let youth = types.first { $0.maxAge != nil && $0.persons == 1 }.flatMap { t in
            age.map { $0 <= Int(t.maxAge ?? 0) } == true ? t : nil
        }
        if let youth { return youth.id }
        if !form.leipzigPass.trimmingCharacters(in: .whitespaces).isEmpty && ids.contains("REDUCED") { return "REDUCED" }
        return form.cardType
    }

    /// Fetches the card types (the city's fees) and the branches, and asks
    /// the city about the registrations; offline the phone's copy stays
    /// (`LibraryState.error` says so). The task ends with the refresh
    /// (`.refreshable` keeps its spinner).
    @discardableResult
    func refresh() -> Task<Void, Never> {
        if let inFlight { return inFlight }
        var next = raw
        next.refreshing = true
        next.error = nil
        raw = next
        let library = self.library
        let task = Task {
            do {
                let types = try await library.refreshCatalog()
                let branches = try await Task.detached { try library.branches() }.value
                var next = raw
                next.types = types
                next.branches = branches
                if var f = next.form, !types.contains(where: { $0.id == f.cardType }) {
                    f.cardType = ""
                    next.form = f
                }
                raw = next
                if raw.form == nil { await prefill() }
                if var f = raw.form, f.cardType.isEmpty || f.cardType == "ADULT" {
                    f.cardType = suggest(f, types)
                    raw.form = f
                }
                raw.registrations = try await library.refresh()
            } catch {
                raw.error = ErrorKind(error)
            }
            raw.refreshing = false
            inFlight = nil
        }
        inFlight = task
        return task
    }

    /// After a login: the form from the new profile.
    func reload() {
        raw.form = nil
        refresh()
    }

    /// Chooses a card type.
    func selectCardType(_ id: String) {
        edit { $0.cardType = id }
    }

    /// Chooses the pickup branch.
    func selectBranch(_ id: String) {
        edit { $0.branchId = id }
    }

    /// Any change to the form as typed (Kotlin's `update { copy(…) }`).
    func update(_ field: FormField, to value: String) {
        edit { $0[field] = value }
    }

    private func edit(_ change: (inout OrderForm) -> Void) {
        guard var form = raw.form else { return }
        change(&form)
        var next = raw
        next.form = form
        next.field = nil
        next.code = nil
        raw = next
    }

    /// After a refusal by the city: a new order with what was entered.
    func orderAgain() {
        var next = raw
        next.ordering = true
        next.field = nil
        next.code = nil
        raw = next
    }

    /// Sends the order: the core checks the city's rules (nothing saved
    /// when they fail), then saves and sends it (offline: the outbox sends
    /// it when there is a connection).
    func submit() {
        let r = raw
        guard let form = r.form, !r.saving else { return }
        let type = r.types.first { $0.id == form.cardType }
        let minor = (form.age(today()) ?? 99) < 18
        let order = form.toOrder(type?.row(formats, selected: true), minor: minor)
        var next = r
        next.saving = true
        next.field = nil
        next.code = nil
        next.error = nil
        raw = next
        let library = self.library
        Task {
            do {
                let saved = try await library.order(order: order)
                var done = raw
                done.ordering = false
                done.registrations = [saved] + done.registrations.filter { $0.id != saved.id }
                raw = done
            } catch ApiError.Validation(let field, let reason) {
                var refused = raw
                refused.field = OrderField.ofCore(field)
                refused.code = reason.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    .first.map { $0.trimmingCharacters(in: .whitespaces) }
                raw = refused
            } catch {
                raw.error = ErrorKind(error)
            }
            raw.saving = false
        }
    }

    /// "Bezahlen": the core starts the payment of the registration's fee
    /// (the payments service); then `effects` asks the shell to show the pay
    /// screen (and the payment page).
    func pay() {
        let r = raw
        guard let registration = r.registrations.first, !r.paying, registration.paymentDue else { return }
        var next = r
        next.paying = true
        next.refusalCode = nil
        next.error = nil
        raw = next
        let library = self.library
        Task {
            do {
                let started = try await library.pay(id: registration.id)
                let page = started.alreadyPaid ? nil : started.paypageUrl
                effectSubject.send(.pay(subject: started.payment.subject, pageUrl: page))
            } catch ApiError.PaymentRefused(let code, _) {
                raw.refusalCode = code
            } catch {
                raw.error = ErrorKind(error)
            }
            raw.paying = false
        }
    }

    /// The error was shown.
    func dismissError() {
        var next = raw
        next.error = nil
        next.refusalCode = nil
        raw = next
    }

    private static func phaseOf(_ r: Raw, _ current: LibraryRegistration?) -> LibraryPhase {
        if r.saving { return .saving }
        guard let current, !r.ordering else {
            if !r.loaded { return .loading }
            if r.types.isEmpty && r.error != nil && !r.refreshing { return .error }
            if r.types.isEmpty { return .loading }
            return .order
        }
        switch current.state {
        case .saved: return .saved
        case .submitted: return .submitted
        case .paymentPending: return .paymentPending
        case .readyForIdCheck: return .readyForIdCheck
        case .active: return .active
        case .rejected: return .rejected
        }
    }

    private func render() {
        let next = Self.render(raw, formats, today())
        if next != state { state = next }
    }

    private static func render(_ r: Raw, _ f: Formats, _ today: LocalDate) -> LibraryState {
        let texts = LibraryTexts(f.language)
        let current = r.registrations.first
        let phase = phaseOf(r, current)
        let form = r.form ?? OrderForm()
        let types = r.types.map { $0.row(f, selected: $0.id == form.cardType) }
        let chosen = types.first { $0.selected }
        let branchName = current.flatMap { c in r.branches.first { $0.id == c.branchId }?.name }
        let row = current.map { c in
            RegistrationRow(
                id: c.id,
                state: c.state,
                cardTypeName: r.types.first { $0.id == c.cardType }?.name ?? c.cardType,
                fee: c.feeCents.map { $0 == 0 ? texts.free : f.amount(cents: $0) },
                branchName: branchName ?? c.card?.branchName,
                flags: c.flags.compactMap { texts.flag($0) },
                cardNumber: c.card?.cardNumber
            )
        }
        let showsStatus = phase != .order && phase != .loading && phase != .error
        return LibraryState(
            phase: phase,
            cardTypes: types,
            branches: r.branches.filter(\.pickup).map { $0.row(selected: $0.id == form.branchId) },
            form: form,
            needsLeipzigPass: chosen?.requiresLeipzigPass == true,
            needsGuardian: (form.age(today) ?? 99) < 18 || r.field == .guardian,
            needsPartner: (chosen?.persons ?? 1) > 1,
            invalidField: r.field,
            invalidText: r.field.map { texts.fieldError($0, code: r.code) },
            registration: row,
            statusText: showsStatus && phase != .saving ? texts.status(phase) : nil,
            statusDetail: showsStatus ? texts.statusDetail(phase, branch: row?.branchName, reason: current?.rejectionReason) : nil,
            canPay: phase == .paymentPending && current?.paymentDue == true,
            paying: r.paying,
            payRefusal: r.refusalCode.map { PaymentTexts(f.language).refusal(code: $0) },
            refreshing: r.refreshing,
            loginNeeded: r.loginNeeded,
            error: r.error
        )
    }
}
