// Notices, deadlines and replies as the screens show them: formatted, with
// the status a citizen reads. Mirrors NoticeRows.kt.
import Foundation
import LeipzigCore

/// Where a deadline stands, as the citizen reads it. Mirrors `DeadlineStatus`.
enum DeadlineStatus: Equatable, Hashable, Sendable {
    /// The city fixes it once the notice is opened (retrieved).
    case notFixed
    /// Days are left (`DeadlineRow.daysLeft` > 0).
    case open
    /// Today is the last day.
    case today
    /// It passed without a received answer or payment.
    case passed
    /// The city received the answer (or the payment).
    case met
}

/// One deadline, formatted: "Widerspruchsfrist bis 28.12.2026 — noch 30
/// Tage". Mirrors `DeadlineRow`.
struct DeadlineRow: Equatable, Hashable, Identifiable {
    let noticeId: String
    let noticeSubject: String
    let kind: DeadlineKind
    /// "Widerspruchsfrist", "Zahlungsfrist", …
    let name: String
    /// The last day (`28.12.2026`), once the city fixed it.
    let due: String?
    let daysLeft: Int64?
    let status: DeadlineStatus
    /// "noch 30 Tage", "heute", "abgelaufen", …
    let remaining: String
    /// Close (3 days or less) without a received answer, or an answer only on the phone: warn.
    let atRisk: Bool

    /// A stable key for lists.
    var key: String { "\(noticeId):\(kind):\(name)" }

    var id: String { key }
}

/// One notice of the mailbox. Mirrors `NoticeRow`.
struct NoticeRow: Equatable, Hashable, Identifiable {
    let id: String
    let subject: String
    /// The office, else the authority.
    let office: String
    /// A Bescheid (an administrative act) rather than a Mitteilung.
    let bescheid: Bool
    /// Date of issue (`20.11.2026`).
    let issued: String
    /// Not opened on this phone yet: the unread dot.
    let unread: Bool
    /// `48,50 €`, when it demands money.
    let amount: String?
    let paid: Bool
    /// The nearest deadline still to meet.
    let nextDeadline: DeadlineRow?
    /// A deadline of it is at risk: the badge.
    let atRisk: Bool
    /// The retrieval window passed without a retrieval: it can no longer be opened at the city.
    let notRetrievable: Bool
    let archived: Bool
}

/// A notice's facts, formatted. Mirrors `NoticeDetail`.
struct NoticeDetail: Equatable {
    let id: String
    let subject: String
    let bescheid: Bool
    let authority: String
    let office: String?
    let officialName: String?
    let phone: String?
    let email: String?
    let address: String?
    let aktenzeichen: String?
    let kassenzeichen: String?
    let issued: String
    /// "Leipzig-App", "BundID-Postfach", "Post".
    let channel: String
    /// When it was made available.
    let providedAt: String?
    /// The first retrieval the city recorded.
    let retrievedAt: String?
    /// When the retrieval window ends (while it was not retrieved).
    let provisionEnds: String?
    /// The day it counts as announced (Bekanntgabe).
    let bekanntgabe: String?
    let retrievable: Bool
    let body: String
    let rechtsbehelfsbelehrung: String?
    let amount: String?
    let paid: Bool
    let archived: Bool
}

/// Where a PDF of a notice stands on this phone. Mirrors `AttachmentStatus`.
enum AttachmentStatus: Equatable, Hashable, Sendable {
    /// Not on the phone yet: downloaded when opened.
    case notLoaded
    /// Being downloaded and checked.
    case loading
    /// On the phone, checked against the city's SHA-512.
    case ready
    /// The bytes do not match the city's checksum: refused, never shown.
    case unverified
    /// Could not be loaded: `AttachmentRow.error`.
    case failed
}

/// One PDF of a notice. Mirrors `AttachmentRow`.
struct AttachmentRow: Equatable, Identifiable {
    let id: String
    let fileName: String
    /// The notice itself rather than an enclosure (Anlage).
    let main: Bool
    let mimeType: String
    /// `840 KB`.
    let size: String
    let status: AttachmentStatus
    var error: ErrorKind?
}

/// Where a reply stands, as the citizen reads it. Mirrors `ReplyStatus`.
enum ReplyStatus: Equatable, Hashable, Sendable {
    /// Only on this phone: it does not meet a deadline yet.
    case notReceived
    /// The city received it (`ReplyRow.receivedAt`).
    case received
    /// The city did not accept it (`ReplyRow.statusText` says why).
    case refused
}

/// One reply to a notice. Mirrors `ReplyRow`.
struct ReplyRow: Equatable, Identifiable {
    let id: String
    let kind: ReplyKind
    let status: ReplyStatus
    /// When it was made on the phone.
    let created: String
    /// The city's time of receipt: the time that counts.
    let receivedAt: String?
    /// The city's receipt number.
    let receiptId: String?
    /// "Noch nicht beim Amt eingegangen", "Beim Amt eingegangen am …", "Vom Amt nicht angenommen: …".
    let statusText: String
    let text: String?
    let fileNames: [String]
}

extension NoticeDeadline {
    /// Kotlin's `NoticeDeadline.toRow`.
    func row(_ f: Formats) -> DeadlineRow {
        let status: DeadlineStatus
        if met {
            status = .met
        } else if let days = daysLeft, dueAt != nil {
            status = days > 0 ? .open : (days == 0 ? .today : .passed)
        } else {
            status = .notFixed
        }
        let texts = NoticeTexts(f.language)
        return DeadlineRow(
            noticeId: noticeId,
            noticeSubject: noticeSubject,
            kind: kind,
            name: texts.deadlineName(kind, name: name),
            due: dueAt.map { f.isoDay($0) },
            daysLeft: daysLeft,
            status: status,
            remaining: texts.remaining(status, daysLeft: daysLeft, kind: kind),
            atRisk: atRisk
        )
    }
}

extension Array where Element == DeadlineRow {
    /// Still to meet: open or today, the nearest first. Kotlin's `nextToMeet`.
    func nextToMeet() -> DeadlineRow? {
        // `min(by:)` keeps the first of equals, like `minByOrNull`.
        filter { $0.status == .open || $0.status == .today }
            .min { ($0.daysLeft ?? Int64.max) < ($1.daysLeft ?? Int64.max) }
    }
}

extension Notice {
    /// A Bescheid (an administrative act) rather than a Mitteilung.
    var isBescheid: Bool { kind.uppercased() == "BESCHEID" }

    /// Kotlin's `Notice.toRow`.
    func row(_ f: Formats) -> NoticeRow {
        let rows = deadlines.map { $0.row(f) }
        return NoticeRow(
            id: id,
            subject: subject,
            office: issuer.office ?? issuer.authority,
            bescheid: isBescheid,
            issued: f.isoDay(issuedAt),
            unread: !read,
            amount: amountDueCents.map { f.amount(cents: $0) },
            paid: paid,
            nextDeadline: rows.nextToMeet(),
            atRisk: rows.contains { $0.atRisk },
            notRetrievable: !delivery.retrievable && delivery.firstRetrievedAt == nil,
            archived: archived
        )
    }

    /// Kotlin's `Notice.toDetail`.
    func detail(_ f: Formats) -> NoticeDetail {
        NoticeDetail(
            id: id,
            subject: subject,
            bescheid: isBescheid,
            authority: issuer.authority,
            office: issuer.office,
            officialName: issuer.officialName,
            phone: issuer.phone,
            email: issuer.email,
            address: issuer.address,
            aktenzeichen: aktenzeichen,
            kassenzeichen: kassenzeichen,
            issued: f.isoDay(issuedAt),
            channel: NoticeTexts(f.language).channel(delivery.channel),
            providedAt: delivery.providedAt.map { f.timestamp($0) },
            retrievedAt: delivery.firstRetrievedAt.map { f.timestamp($0) },
            provisionEnds: delivery.firstRetrievedAt == nil ? delivery.provisionEndsAt.map { f.timestamp($0) } : nil,
            bekanntgabe: delivery.bekanntgabeAt.map { f.isoDay($0) },
            retrievable: delivery.retrievable,
            body: body,
            rechtsbehelfsbelehrung: rechtsbehelfsbelehrung,
            amount: amountDueCents.map { f.amount(cents: $0) },
            paid: paid,
            archived: archived
        )
    }
}

extension NoticeAttachment {
    /// Kotlin's `NoticeAttachment.toRow`.
    func row(_ f: Formats, status: AttachmentStatus, error: ErrorKind?) -> AttachmentRow {
        AttachmentRow(
            id: id,
            fileName: fileName,
            main: role.uppercased() == "BESCHEID",
            mimeType: mimeType,
            size: NoticeTexts(f.language).fileSize(Int64(clamping: sizeBytes)),
            status: status,
            error: error
        )
    }
}

extension NoticeReply {
    /// Where it stands for the citizen. Kotlin's `NoticeReply.status()`.
    var status: ReplyStatus {
        switch state {
        case .saved: return .notReceived
        case .received: return .received
        case .refused: return .refused
        }
    }

    /// Kotlin's `NoticeReply.toRow`.
    func row(_ f: Formats) -> ReplyRow {
        let texts = NoticeTexts(f.language)
        let received = receivedAt.map { f.timestamp($0) }
        let statusText: String
        switch status {
        case .notReceived: statusText = texts.notReceived
        case .received: statusText = texts.received(at: received ?? "")
        case .refused: statusText = texts.refused(reason: lastError)
        }
        return ReplyRow(
            id: id,
            kind: kind,
            status: status,
            created: f.epoch(createdAt),
            receivedAt: received,
            receiptId: receiptId,
            statusText: statusText,
            text: text,
            fileNames: fileNames
        )
    }
}
