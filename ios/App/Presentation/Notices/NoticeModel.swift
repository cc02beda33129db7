// One official notice: opening it (the retrieval), its PDFs checked against
// the city's SHA-512, deadlines, replies, export and paying. Mirrors
// NoticeStateHolder.kt.
import Combine
import Foundation
import LeipzigCore

/// What the notice screen shows. Mirrors `NoticePhase`.
enum NoticePhase: Equatable, Sendable {
    /// The notice is read from the phone.
    case loading
    /// The notice: `NoticeState.notice`.
    case content
    /// It is not on the phone: `NoticeState.error`.
    case error
}

/// A one-time instruction to the shell. Mirrors `NoticeEffect`.
enum NoticeEffect: Equatable {
    /// Show the checked PDF at `file` (PDFKit).
    case openFile(file: URL, mimeType: String)
    /// Offer the checked PDF at `file` in the share sheet; `title` is the notice's subject.
    case shareFile(file: URL, mimeType: String, title: String)
    /// Paying started (`Notices.pay`): show the pay screen of `subject` — it
    /// finds the payment just started — and open `pageUrl` there when there
    /// is one (none when it was paid before or is not sent yet).
    case pay(subject: PaymentSubject, pageUrl: String?)
}

/// A notice's PDFs and JSON copy written for saving or sharing. Mirrors `ExportedNotice`.
struct ExportedNotice: Equatable {
    let files: [URL]
}

/// What the notice screen shows. Mirrors `NoticeState`.
struct NoticeState: Equatable {
    var phase: NoticePhase
    var notice: NoticeDetail?
    /// Its deadlines with days left.
    var deadlines: [DeadlineRow] = []
    var attachments: [AttachmentRow] = []
    /// Its replies, oldest first.
    var replies: [ReplyRow] = []
    /// A reply is only on this phone: the loud "Noch nicht beim Amt
    /// eingegangen" (`notReceivedText`, `notReceivedDetail`). It does not
    /// meet a deadline yet.
    var notReceived = false
    var notReceivedText: String?
    var notReceivedDetail: String?
    var canAcknowledge = false
    var canObject = false
    var canUpload = false
    /// It demands money, not paid yet, payable in the app.
    var canPay = false
    /// Paying is being started.
    var paying = false
    /// Why the payment service refused paying it (nothing was charged).
    var payRefusal: String?
    var exporting = false
    /// Loading failed (phase `.error`) or the last action failed.
    var error: ErrorKind?
}

/// One notice (`id`). Showing it is opening it: the core marks it read and
/// reports the retrieval to the city exactly once, and the city's answer
/// fixes the announcement (Bekanntgabe) and with it the objection deadline —
/// the listener brings the new dates. The PDFs are checked against the
/// city's SHA-512 before they are kept or shown; a file that does not match
/// is refused (`.unverified`) and never handed to a viewer. Replies only
/// count once the city received them: until then the state carries the loud
/// warning. `pay` hands over to the payments flow through `effects`.
/// Mirrors NoticeStateHolder.kt.
@MainActor
final class NoticeModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = NoticeState(phase: .loading)
    /// One-time instructions (show or share a PDF, pay), to the screen showing.
    let effects: AnyPublisher<NoticeEffect, Never>

    /// Kotlin's `Raw`: what the state is rendered from.
    private struct Raw {
        var notice: Notice?
        var replies: [NoticeReply] = []
        var missing: ErrorKind?
        var paying = false
        var refusalCode: String?
        var exporting = false
        var error: ErrorKind?
    }

    /// Kotlin's `Loading`: an attachment's download as it goes.
    private struct Loading {
        let status: AttachmentStatus
        var error: ErrorKind?
    }

    private let notices: Notices
    private let id: String
    private var raw = Raw() { didSet { render() } }
    private var files: [String: Loading] = [:] { didSet { render() } }
    private let effectSubject: PassthroughSubject<NoticeEffect, Never>
    private var formats: Formats
    private var changes: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(notices: Notices, id: String, language: LanguageSetting) {
        self.notices = notices
        self.id = id
        formats = language.formats
        let effectSubject = PassthroughSubject<NoticeEffect, Never>()
        self.effectSubject = effectSubject
        effects = effectSubject.eraseToAnyPublisher()
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        changes = Task { [weak self] in
            let stream = await Task.detached { notices.changes() }.value
            for await _ in stream {
                guard let self else { return }
                await self.reload()
            }
        }
        Task {
            // Opening is the retrieval; offline it is reported later (the outbox).
            do {
                _ = try await notices.open(id: id)
            } catch {
                self.raw.error = ErrorKind(error)
            }
            await self.reload()
        }
    }

    deinit {
        // Ends the stream, which cancels the core subscription.
        changes?.cancel()
    }

    /// Reads the notice again, e.g. "try again" after it could not be read.
    func retry() {
        Task { await reload() }
    }

    /// The PDF `attachmentId`'s bytes, downloaded when not on the phone and
    /// checked against the city's SHA-512; nil (and the attachment's status
    /// says why) when that failed.
    func loadAttachment(_ attachmentId: String) async -> Data? {
        files[attachmentId] = Loading(status: .loading)
        do {
            let bytes = try await notices.attachment(id: id, attachmentId: attachmentId)
            files[attachmentId] = Loading(status: .ready)
            return bytes
        } catch {
            // The core refuses bytes whose checksum is not the city's (no HTTP status then).
            var unverified = false
            if let apiError = error as? ApiError, case .Server(let status, _) = apiError, status == nil { unverified = true }
            files[attachmentId] = Loading(status: unverified ? .unverified : .failed, error: ErrorKind(error))
            return nil
        }
    }

    /// Shows the PDF `attachmentId` (written into `directory` for the viewer), once it is checked.
    func showAttachment(_ attachmentId: String, directory: URL) {
        handOut(attachmentId, directory: directory, share: false)
    }

    /// Offers the PDF `attachmentId` (written into `directory`) in the share sheet, once it is checked.
    func shareAttachment(_ attachmentId: String, directory: URL) {
        handOut(attachmentId, directory: directory, share: true)
    }

    private func handOut(_ attachmentId: String, directory: URL, share: Bool) {
        Task {
            guard let meta = raw.notice?.attachments.first(where: { $0.id == attachmentId }) else { return }
            guard let bytes = await loadAttachment(attachmentId) else { return }
            let folder = directory.appendingPathComponent(Self.safeName(id), isDirectory: true)
            let file = folder.appendingPathComponent(Self.safeName(meta.fileName))
            do {
                try await Task.detached {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    try bytes.write(to: file, options: [.atomic, .completeFileProtection])
                }.value
            } catch {
                files[attachmentId] = Loading(status: .failed, error: .other)
                return
            }
            let subject = raw.notice?.subject ?? ""
            effectSubject.send(share
                ? .shareFile(file: file, mimeType: meta.mimeType, title: subject)
                : .openFile(file: file, mimeType: meta.mimeType))
        }
    }

    /// Writes every PDF (checked) and a JSON copy of the notice and its
    /// replies into `directory`, for the shell to save where the citizen
    /// chooses; nil (and `NoticeState.error`) when it failed.
    func export(directory: URL) async -> ExportedNotice? {
        raw.exporting = true
        raw.error = nil
        defer { raw.exporting = false }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let written = try await notices.export(id: id, dir: directory.path(percentEncoded: false))
            return ExportedNotice(files: written.map { URL(fileURLWithPath: $0) })
        } catch {
            raw.error = ErrorKind(error)
            return nil
        }
    }

    /// "Pay": the core starts the payment of what the notice demands (the
    /// payments service); then `effects` asks the shell to show the pay
    /// screen (and the payment page).
    func pay() {
        if raw.paying { return }
        raw.paying = true
        raw.refusalCode = nil
        raw.error = nil
        Task { [notices, id] in
            do {
                let started = try await notices.pay(id: id)
                let page = started.alreadyPaid ? nil : started.paypageUrl
                self.effectSubject.send(.pay(subject: started.payment.subject, pageUrl: page))
            } catch ApiError.PaymentRefused(let code, _) {
                self.raw.refusalCode = code
            } catch {
                self.raw.error = ErrorKind(error)
            }
            self.raw.paying = false
        }
    }

    /// Archives (or restores) the notice.
    func archive(_ archive: Bool = true) {
        Task { [notices, id] in
            do {
                try await Task.detached { try notices.archive(id: id, archived: archive) }.value
                await self.reload()
            } catch {
                self.raw.error = ErrorKind(error)
            }
        }
    }

    /// The error was shown.
    func dismissError() {
        raw.error = nil
        raw.refusalCode = nil
    }

    private func reload() async {
        let notices = self.notices
        let id = self.id
        do {
            let (notice, replies) = try await Task.detached { () -> (Notice, [NoticeReply]) in
                let notice = try notices.get(id: id)
                return (notice, try notices.replies(id: id))
            }.value
            raw.notice = notice
            raw.replies = replies
            raw.missing = nil
        } catch {
            raw.missing = ErrorKind(error)
        }
    }

    private func render() {
        let next = Self.render(raw, files, formats)
        if next != state { state = next }
    }

    private static func render(_ r: Raw, _ loading: [String: Loading], _ f: Formats) -> NoticeState {
        guard let n = r.notice else {
            if let missing = r.missing { return NoticeState(phase: .error, error: missing) }
            return NoticeState(phase: .loading)
        }
        let texts = NoticeTexts(f.language)
        let pending = r.replies.contains { $0.state == .saved }
        let retrievable = n.delivery.retrievable || n.delivery.firstRetrievedAt != nil
        func answered(_ kind: ReplyKind) -> Bool { r.replies.contains { $0.kind == kind && $0.state != .refused } }
        func allows(_ kind: ReplyKind) -> Bool { n.allowedReplies.contains(kind) && retrievable && !n.archived }
        return NoticeState(
            phase: .content,
            notice: n.detail(f),
            deadlines: n.deadlines.map { $0.row(f) },
            attachments: n.attachments.map { a in
                let l = loading[a.id]
                let status = l?.status ?? (a.downloaded ? .ready : .notLoaded)
                return a.row(f, status: status, error: l?.error)
            },
            replies: r.replies.map { $0.row(f) },
            notReceived: pending,
            notReceivedText: pending ? texts.notReceived : nil,
            notReceivedDetail: pending ? texts.notReceivedDetail : nil,
            canAcknowledge: allows(.acknowledge) && !answered(.acknowledge),
            canObject: allows(.objection) && !answered(.objection),
            canUpload: allows(.uploadDocument),
            canPay: n.payableOnline && !n.paid && (n.amountDueCents ?? 0) > 0,
            paying: r.paying,
            payRefusal: r.refusalCode.map { PaymentTexts(f.language).refusal(code: $0) },
            exporting: r.exporting,
            error: r.error
        )
    }

    /// A file or folder name without separators or anything a file system may choke on.
    private static func safeName(_ name: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._ -")
        let replaced = String(name.map { allowed.contains($0) ? $0 : "_" })
        let trimmed = String(replaced.drop { $0 == "." }).trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "datei" : trimmed
    }
}
