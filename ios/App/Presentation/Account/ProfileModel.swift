// The citizen's profile: view, edit with the core's per-field rules, and the
// booking prefill. Mirrors ProfileStateHolder.kt one to one.
import Combine
import Foundation
import LeipzigCore

/// Where the profile screen stands. Mirrors `ProfilePhase` (ProfileStateHolder.kt).
enum ProfilePhase: Equatable, Sendable {
    /// Reading the phone.
    case loading
    /// Nobody is logged in: there is no profile (logged in, there always is one, maybe empty).
    case loggedOut
    /// Showing `ProfileState.rows`.
    case viewing
    /// The form (`ProfileState.form`) is open.
    case editing
    /// The core checks and stores the form.
    case saving
}

/// What the profile screen shows. Mirrors `ProfileState`.
struct ProfileState: Equatable {
    var phase = ProfilePhase.loading
    /// The filled-in fields, for viewing.
    var rows: [ProfileRow] = []
    /// The form's text per field, while `.editing` or `.saving`.
    var form: [ProfileField: String] = [:]
    /// The field the core refused, with its reason (for developers; the
    /// shell has its own text per field).
    var invalidField: ProfileField?
    var invalidReason: String?
    /// Reading or saving failed otherwise.
    var error: ErrorKind?
    /// The last save went through (the screen confirms it once).
    var saved = false
}

/// An empty profile to fill in (logged in, nothing stored yet).
private let emptyProfile = Profile(
    givenName: nil, familyName: nil, birthdate: nil, streetAddress: nil, postalCode: nil,
    locality: nil, email: nil, phone: nil, leipzigPass: nil
)

/// The citizen's profile: created from the provider's claims at the first
/// login, editable, stored sealed on the phone, deleted at logout. Read from
/// the phone (offline too) and again after every login, logout and save. The
/// rules for each field are the core's: `save()` sends the form, and a
/// refusal names the field.
///
/// Other features reuse it instead of asking again: `contact()` fills in the
/// booking form. Mirrors ProfileStateHolder.kt one to one.
@MainActor
final class ProfileModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = ProfileState()

    private struct Raw {
        var phase = ProfilePhase.loading
        var profile: Profile?
        var form: [ProfileField: String] = [:]
        var field: ProfileField?
        var reason: String?
        var error: ErrorKind?
        var saved = false
    }

    private let account: Account
    private var raw = Raw() {
        didSet { render() }
    }
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(account: Account, language: LanguageSetting) {
        self.account = account
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        changes = Task { [weak self] in
            let stream = await Task.detached { account.changes() }.value
            for await _ in stream {
                do {
                    // Reads SQLite: off the main actor. Logged in without a stored
                    // profile (e.g. after "delete all data"): an empty one to fill in.
                    let profile = try await Task.detached { () throws -> Profile? in
                        if try account.whoami() == nil { return nil }
                        return try account.profile() ?? emptyProfile
                    }.value
                    self?.apply {
                        $0.phase = Self.loaded($0.phase, present: profile != nil)
                        $0.profile = profile
                    }
                } catch {
                    let kind = ErrorKind(error)
                    self?.apply {
                        $0.phase = Self.loaded($0.phase, present: $0.profile != nil)
                        $0.error = kind
                    }
                }
            }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    /// An open form stays open when the profile changes underneath; logging out closes it.
    private static func loaded(_ phase: ProfilePhase, present: Bool) -> ProfilePhase {
        if !present { return .loggedOut }
        if phase == .editing || phase == .saving { return phase }
        return .viewing
    }

    /// The stored profile's contact for the booking form; nil when nobody is
    /// logged in or it has none.
    func contact() -> Contact? {
        raw.profile?.toContact()
    }

    /// "Edit": the form opens with the stored values.
    func edit() {
        let language = formats.language
        apply {
            guard $0.phase == .viewing else { return }
            $0.phase = .editing
            $0.form = profileForm($0.profile, language: language)
            $0.field = nil
            $0.reason = nil
            $0.error = nil
            $0.saved = false
        }
    }

    /// A field as typed.
    func update(_ field: ProfileField, to value: String) {
        apply {
            guard $0.phase == .editing else { return }
            $0.form[field] = value
            if $0.field == field {
                $0.field = nil
                $0.reason = nil
            }
        }
    }

    /// The form is closed without saving.
    func cancelEdit() {
        apply {
            guard $0.phase == .editing else { return }
            $0.phase = .viewing
            $0.form = [:]
            $0.field = nil
            $0.reason = nil
            $0.error = nil
        }
    }

    /// The confirmation of the last save was shown.
    func savedShown() {
        apply { $0.saved = false }
    }

    /// Checks and stores the form; a refused field keeps the form open with that field marked.
    func save() {
        let before = raw
        guard before.phase == .editing else { return }
        apply {
            $0.phase = .saving
            $0.field = nil
            $0.reason = nil
            $0.error = nil
        }
        let profile = profileOf(before.form)
        Task { [account] in
            do {
                // Seals and writes SQLite: off the main actor.
                let stored = try await Task.detached { try account.setProfile(profile: profile) }.value
                self.apply {
                    $0.phase = .viewing
                    $0.profile = stored
                    $0.form = [:]
                    $0.saved = true
                }
            } catch ApiError.Validation(let name, let reason) {
                let field = ProfileField.ofCore(name)
                self.apply {
                    $0.phase = .editing
                    $0.field = field
                    $0.reason = reason
                    $0.error = field == nil ? ErrorKind.validation : nil
                }
            } catch {
                // Logged out meanwhile (unauthorized) or the phone's store failed: the form stays.
                let kind = ErrorKind(error)
                self.apply {
                    $0.phase = .editing
                    $0.error = kind
                }
            }
        }
    }

    private func apply(_ change: (inout Raw) -> Void) {
        var next = raw
        change(&next)
        raw = next
    }

    private func render() {
        let r = raw
        let next = ProfileState(
            phase: r.phase,
            rows: r.profile?.rows(formats) ?? [],
            form: r.phase == .editing || r.phase == .saving ? r.form : [:],
            invalidField: r.field,
            invalidReason: r.reason,
            error: r.error,
            saved: r.saved
        )
        if next != state { state = next }
    }
}
