// Answering a notice: acknowledge, a binding objection, or documents. Mirrors
// ReplyStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// Where a reply form stands. Mirrors `ReplyPhase`.
enum ReplyPhase: Equatable, Sendable {
    /// The notice and the declaration are read.
    case loading
    /// Filling in.
    case editing
    /// Saving on the phone and sending.
    case saving
    /// Saved on the phone, NOT yet received by the office: it does not meet
    /// the deadline yet (the loud `ReplyFormState.statusText`); the outbox
    /// sends it when there is a connection.
    case notReceived
    /// The office received it at `ReplyFormState.reply`'s `receivedAt`.
    case received
    /// The office did not accept it (`ReplyFormState.statusText`); `edit()` starts a new one.
    case refused
    /// The notice does not take this kind of reply (any more).
    case notAllowed
    /// Something else failed: `ReplyFormState.error`.
    case error
}

/// A form field the rules can reject. Mirrors `ReplyField`.
enum ReplyField: Equatable, Hashable, Sendable {
    /// The objection's reason.
    case text
    /// The binding declaration of an objection.
    case confirmation
    /// The files of an upload.
    case files
    /// The note of an upload.
    case note
    /// The reply as a whole (the city does not take this kind for this notice).
    case reply
}

/// A picked file of an upload, as listed. Mirrors `FileRow`.
struct FileRow: Equatable, Hashable {
    let name: String
    let mimeType: String
    let size: String
}

/// The reply form's state. Mirrors `ReplyFormState`.
struct ReplyFormState: Equatable {
    let kind: ReplyKind
    var phase: ReplyPhase
    /// What the notice is about.
    var subject: String?
    var aktenzeichen: String?
    /// The objection's reason.
    var text = ""
    /// The declaration the citizen confirms as binding (objection), shown verbatim.
    var declaration: String?
    /// The explicit toggle: without it there is no objection.
    var bindingConfirmed = false
    /// Ask for suspension of enforcement (Aussetzung der Vollziehung).
    var requestsSuspension = false
    /// The upload's note.
    var note = ""
    var files: [FileRow] = []
    /// The field at fault, with the core's reason.
    var invalidField: ReplyField?
    var invalidReason: String?
    /// The reply once saved; follows the city's receipt.
    var reply: ReplyRow?
    /// What the citizen reads about the saved reply ("Noch nicht beim Amt eingegangen", …).
    var statusText: String?
    /// Why the status matters (`.notReceived`).
    var statusDetail: String?
    var error: ErrorKind?

    /// The form takes input.
    var editable: Bool { phase == .editing }

    /// "Send" is enabled: an objection needs its reason and the confirmed
    /// declaration, an upload a file.
    var canSubmit: Bool {
        guard editable else { return false }
        switch kind {
        case .objection: return !text.isBlank && bindingConfirmed
        case .uploadDocument: return !files.isEmpty
        case .acknowledge: return true
        case .pay: return false
        }
    }
}

/// A reply to notice `noticeId`: acknowledge, object (a reason, the
/// declaration shown verbatim and an explicit "binding" toggle — without it
/// nothing is sent), or send documents (files the citizen picked). `submit`
/// lets the core check the rules (nothing is queued when they fail; the
/// field is named) and save the reply with its outbox entry; it is sent at
/// once when online. A saved reply does not meet a deadline: until the
/// city's receipt arrives (the listener) the state says "Noch nicht beim Amt
/// eingegangen" loudly. Mirrors ReplyStateHolder.kt.
@MainActor
final class ReplyModel: ObservableObject {
    /// The form's state.
    @Published private(set) var state: ReplyFormState

    /// Kotlin's `Raw`: what the state is rendered from.
    private struct Raw {
        var phase = ReplyPhase.loading
        var subject: String?
        var aktenzeichen: String?
        var text = ""
        var declaration: String?
        var confirmed = false
        var suspension = false
        var note = ""
        var files: [UploadFile] = []
        var field: ReplyField?
        var reason: String?
        var reply: NoticeReply?
        var error: ErrorKind?
    }

    private let notices: Notices
    private let noticeId: String
    private let kind: ReplyKind
    private var raw = Raw() { didSet { render() } }
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    /// `kind` must not be `.pay`: paying is the payments flow, not a reply.
    init(notices: Notices, noticeId: String, kind: ReplyKind, language: LanguageSetting) {
        precondition(kind != .pay, "paying is the payments flow, not a reply")
        self.notices = notices
        self.noticeId = noticeId
        self.kind = kind
        let formats = language.formats
        self.formats = formats
        state = Self.render(Raw(), kind: kind, formats)
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        Task {
            do {
                let (notice, declaration) = try await Task.detached { () -> (Notice, String?) in
                    let notice = try notices.get(id: noticeId)
                    if kind != .objection { return (notice, nil) }
                    return (notice, try notices.objectionDeclaration(id: noticeId))
                }.value
                let allowed = notice.allowedReplies.contains(kind) && !notice.archived
                    && (notice.delivery.retrievable || notice.delivery.firstRetrievedAt != nil)
                var next = self.raw
                next.phase = allowed ? .editing : .notAllowed
                next.subject = notice.subject
                next.aktenzeichen = notice.aktenzeichen
                next.declaration = declaration
                self.raw = next
            } catch {
                self.raw.phase = .error
                self.raw.error = ErrorKind(error)
            }
        }
        // The city's receipt (or refusal) of the reply sent, delivered by the outbox.
        changes = Task { [weak self] in
            let stream = await Task.detached { notices.changes() }.value
            for await _ in stream {
                guard let self else { return }
                await self.follow()
            }
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    /// The objection's reason as typed.
    func updateText(_ value: String) { edit { $0.text = value } }

    /// The binding toggle.
    func confirmBinding(_ confirmed: Bool) { edit { $0.confirmed = confirmed } }

    /// Ask for suspension of enforcement.
    func requestSuspension(_ requested: Bool) { edit { $0.suspension = requested } }

    /// The upload's note as typed.
    func updateNote(_ value: String) { edit { $0.note = value } }

    /// Adds picked files (PDF, JPEG, PNG as the city takes them; the core checks).
    func addFiles(_ picked: [UploadFile]) { edit { $0.files += picked } }

    /// Removes the picked file at `index`.
    func removeFile(_ index: Int) {
        edit { raw in
            if raw.files.indices.contains(index) { raw.files.remove(at: index) }
        }
    }

    private func edit(_ change: (inout Raw) -> Void) {
        guard raw.phase == .editing else { return }
        var next = raw
        change(&next)
        next.field = nil
        next.reason = nil
        raw = next
    }

    /// After a refusal or a failure: a new reply with what was entered.
    func edit() {
        let p = raw.phase
        guard p == .refused || (p == .error && raw.subject != nil) else { return }
        var next = raw
        next.phase = .editing
        next.reply = nil
        next.error = nil
        raw = next
    }

    /// Sends the reply. An objection without its reason or without the
    /// confirmed declaration is stopped here already (the core refuses it
    /// too); then the core checks and saves.
    func submit() {
        let r = raw
        guard r.phase == .editing else { return }
        var blocked: ReplyField?
        if kind == .objection && r.text.isBlank {
            blocked = .text
        } else if kind == .objection && (!r.confirmed || (r.declaration ?? "").isBlank) {
            blocked = .confirmation
        } else if kind == .uploadDocument && r.files.isEmpty {
            blocked = .files
        }
        if let blocked {
            var next = r
            next.field = blocked
            next.reason = nil
            raw = next
            return
        }
        let draft: ReplyDraft
        switch kind {
        case .objection:
            draft = .objection(
                text: r.text.trimmed,
                bindingConfirmed: r.confirmed,
                confirmationText: r.declaration ?? "",
                requestsSuspension: r.suspension
            )
        case .uploadDocument:
            let note = r.note.trimmed
            draft = .upload(files: r.files, note: note.isEmpty ? nil : note)
        default:
            draft = .acknowledge
        }
        var saving = r
        saving.phase = .saving
        saving.field = nil
        saving.reason = nil
        saving.error = nil
        raw = saving
        Task { [notices, noticeId] in
            do {
                let saved = try await notices.reply(id: noticeId, draft: draft)
                var next = self.raw
                next.phase = Self.phase(of: saved)
                next.reply = saved
                self.raw = next
            } catch ApiError.Validation(let field, let reason) {
                var next = self.raw
                next.phase = .editing
                next.field = Self.field(field)
                next.reason = reason
                self.raw = next
            } catch {
                var next = self.raw
                next.phase = .error
                next.error = ErrorKind(error)
                self.raw = next
            }
        }
    }

    private func follow() async {
        guard let mine = raw.reply else { return }
        let notices = self.notices
        let noticeId = self.noticeId
        let replies = try? await Task.detached { try notices.replies(id: noticeId) }.value
        guard let now = replies?.first(where: { $0.id == mine.id }) else { return }
        guard raw.reply?.id == now.id && raw.phase != .saving else { return }
        var next = raw
        next.reply = now
        next.phase = Self.phase(of: now)
        raw = next
    }

    private static func phase(of reply: NoticeReply) -> ReplyPhase {
        switch reply.status {
        case .notReceived: return .notReceived
        case .received: return .received
        case .refused: return .refused
        }
    }

    private static func field(_ core: String) -> ReplyField {
        switch core {
        case "text": return .text
        case "confirmation": return .confirmation
        case "files": return .files
        case "note": return .note
        default: return .reply
        }
    }

    private func render() {
        let next = Self.render(raw, kind: kind, formats)
        if next != state { state = next }
    }

    private static func render(_ r: Raw, kind: ReplyKind, _ f: Formats) -> ReplyFormState {
        let texts = NoticeTexts(f.language)
        let row = r.reply?.row(f)
        return ReplyFormState(
            kind: kind,
            phase: r.phase,
            subject: r.subject,
            aktenzeichen: r.aktenzeichen,
            text: r.text,
            declaration: r.declaration,
            bindingConfirmed: r.confirmed,
            requestsSuspension: r.suspension,
            note: r.note,
            files: r.files.map { FileRow(name: $0.fileName, mimeType: $0.mimeType, size: texts.fileSize(Int64($0.bytes.count))) },
            invalidField: r.field,
            invalidReason: r.reason,
            reply: row,
            statusText: row?.statusText,
            statusDetail: r.phase == .notReceived ? texts.notReceivedDetail : nil,
            error: r.error
        )
    }
}

private extension String {
    /// Kotlin's `isBlank()`: empty or only whitespace.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }

    /// Kotlin's `trim()` (whitespace and newlines).
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
