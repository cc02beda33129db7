// Notices, deadlines and replies as the screens show them: formatted, with the status a citizen reads.
package de.leipzig.nahbeimir.presentation.notices

import de.leipzig.nahbeimir.core.DeadlineKind
import de.leipzig.nahbeimir.core.Notice
import de.leipzig.nahbeimir.core.NoticeAttachment
import de.leipzig.nahbeimir.core.NoticeDeadline
import de.leipzig.nahbeimir.core.NoticeReply
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.core.ReplyState
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats

/** Where a deadline stands, as the citizen reads it. */
enum class DeadlineStatus {
    /** The city fixes it once the notice is opened (retrieved). */
    NOT_FIXED,

    /** Days are left ([DeadlineRow.daysLeft] > 0). */
    OPEN,

    /** Today is the last day. */
    TODAY,

    /** It passed without a received answer or payment. */
    PASSED,

    /** The city received the answer (or the payment). */
    MET
}

/** One deadline, formatted: "Widerspruchsfrist bis 28.12.2026 — noch 30 Tage". */
data class DeadlineRow(
    val noticeId: String,
    val noticeSubject: String,
    val kind: DeadlineKind,
    /** "Widerspruchsfrist", "Zahlungsfrist", … */
    val name: String,
    /** The last day (`28.12.2026`), once the city fixed it. */
    val due: String?,
    val daysLeft: Long?,
    val status: DeadlineStatus,
    /** "noch 30 Tage", "heute", "abgelaufen", … */
    val remaining: String,
    /** Close (3 days or less) without a received answer, or an answer only on the phone: warn. */
    val atRisk: Boolean
) {
    /** A stable key for lists. */
    val key: String get() = "$noticeId:${kind.name}:$name"
}

/** One notice of the mailbox. */
data class NoticeRow(
    val id: String,
    val subject: String,
    /** The office, else the authority. */
    val office: String,
    /** A Bescheid (an administrative act) rather than a Mitteilung. */
    val bescheid: Boolean,
    /** Date of issue (`20.11.2026`). */
    val issued: String,
    /** Not opened on this phone yet: the unread dot. */
    val unread: Boolean,
    /** `48,50 €`, when it demands money. */
    val amount: String?,
    val paid: Boolean,
    /** The nearest deadline still to meet. */
    val nextDeadline: DeadlineRow?,
    /** A deadline of it is at risk: the badge. */
    val atRisk: Boolean,
    /** The retrieval window passed without a retrieval: it can no longer be opened at the city. */
    val notRetrievable: Boolean,
    val archived: Boolean
)

/** A notice's facts, formatted. */
data class NoticeDetail(
    val id: String,
    val subject: String,
    val bescheid: Boolean,
    val authority: String,
    val office: String?,
    val officialName: String?,
    val phone: String?,
    val email: String?,
    val address: String?,
    val aktenzeichen: String?,
    val kassenzeichen: String?,
    val issued: String,
    /** "Leipzig-App", "BundID-Postfach", "Post". */
    val channel: String,
    /** When it was made available. */
    val providedAt: String?,
    /** The first retrieval the city recorded. */
    val retrievedAt: String?,
    /** When the retrieval window ends (while it was not retrieved). */
    val provisionEnds: String?,
    /** The day it counts as announced (Bekanntgabe). */
    val bekanntgabe: String?,
    val retrievable: Boolean,
    val body: String,
    val rechtsbehelfsbelehrung: String?,
    val amount: String?,
    val paid: Boolean,
    val archived: Boolean
)

/** Where a PDF of a notice stands on this phone. */
enum class AttachmentStatus {
    /** Not on the phone yet: downloaded when opened. */
    NOT_LOADED,

    /** Being downloaded and checked. */
    LOADING,

    /** On the phone, checked against the city's SHA-512. */
    READY,

    /** The bytes do not match the city's checksum: refused, never shown. */
    UNVERIFIED,

    /** Could not be loaded: [AttachmentRow.error]. */
    FAILED
}

/** One PDF of a notice. */
data class AttachmentRow(
    val id: String,
    val fileName: String,
    /** The notice itself rather than an enclosure (Anlage). */
    val main: Boolean,
    val mimeType: String,
    /** `840 KB`. */
    val size: String,
    val status: AttachmentStatus,
    val error: ErrorKind? = null
)

/** Where a reply stands, as the citizen reads it. */
enum class ReplyStatus {
    /** Only on this phone: it does not meet a deadline yet. */
    NOT_RECEIVED,

    /** The city received it ([ReplyRow.receivedAt]). */
    RECEIVED,

    /** The city did not accept it ([ReplyRow.statusText] says why). */
    REFUSED
}

/** One reply to a notice. */
data class ReplyRow(
    val id: String,
    val kind: ReplyKind,
    val status: ReplyStatus,
    /** When it was made on the phone. */
    val created: String,
    /** The city's time of receipt: the time that counts. */
    val receivedAt: String?,
    /** The city's receipt number. */
    val receiptId: String?,
    /** "Noch nicht beim Amt eingegangen", "Beim Amt eingegangen am …", "Vom Amt nicht angenommen: …". */
    val statusText: String,
    val text: String?,
    val fileNames: List<String>
)

internal fun NoticeDeadline.toRow(f: Formats): DeadlineRow {
    val days = daysLeft
    val status = when {
        met -> DeadlineStatus.MET
        dueAt == null || days == null -> DeadlineStatus.NOT_FIXED
        days > 0 -> DeadlineStatus.OPEN
        days == 0L -> DeadlineStatus.TODAY
        else -> DeadlineStatus.PASSED
    }
    val texts = NoticeTexts(f.language)
    return DeadlineRow(
        noticeId = noticeId,
        noticeSubject = noticeSubject,
        kind = kind,
        name = texts.deadlineName(kind, name),
        due = dueAt?.let(f::isoDay),
        daysLeft = daysLeft,
        status = status,
        remaining = texts.remaining(status, daysLeft, kind),
        atRisk = atRisk
    )
}

/** Still to meet: open or today, the nearest first. */
internal fun List<DeadlineRow>.nextToMeet(): DeadlineRow? = filter {
    it.status == DeadlineStatus.OPEN || it.status == DeadlineStatus.TODAY
}.minByOrNull { it.daysLeft ?: Long.MAX_VALUE }

internal fun Notice.toRow(f: Formats): NoticeRow {
    val rows = deadlines.map { it.toRow(f) }
    return NoticeRow(
        id = id,
        subject = subject,
        office = issuer.office ?: issuer.authority,
        bescheid = kind.equals("BESCHEID", ignoreCase = true),
        issued = f.isoDay(issuedAt),
        unread = !read,
        amount = amountDueCents?.let(f::amount),
        paid = paid,
        nextDeadline = rows.nextToMeet(),
        atRisk = rows.any { it.atRisk },
        notRetrievable = !delivery.retrievable && delivery.firstRetrievedAt == null,
        archived = archived
    )
}

internal fun Notice.toDetail(f: Formats) = NoticeDetail(
    id = id,
    subject = subject,
    bescheid = kind.equals("BESCHEID", ignoreCase = true),
    authority = issuer.authority,
    office = issuer.office,
    officialName = issuer.officialName,
    phone = issuer.phone,
    email = issuer.email,
    address = issuer.address,
    aktenzeichen = aktenzeichen,
    kassenzeichen = kassenzeichen,
    issued = f.isoDay(issuedAt),
    channel = NoticeTexts(f.language).channel(delivery.channel),
    providedAt = delivery.providedAt?.let(f::timestamp),
    retrievedAt = delivery.firstRetrievedAt?.let(f::timestamp),
    provisionEnds = delivery.provisionEndsAt?.takeIf { delivery.firstRetrievedAt == null }?.let(f::timestamp),
    bekanntgabe = delivery.bekanntgabeAt?.let(f::isoDay),
    retrievable = delivery.retrievable,
    body = body,
    rechtsbehelfsbelehrung = rechtsbehelfsbelehrung,
    amount = amountDueCents?.let(f::amount),
    paid = paid,
    archived = archived
)

internal fun NoticeAttachment.toRow(f: Formats, status: AttachmentStatus, error: ErrorKind?) = AttachmentRow(
    id = id,
    fileName = fileName,
    main = role.equals("BESCHEID", ignoreCase = true),
    mimeType = mimeType,
    size = NoticeTexts(f.language).fileSize(sizeBytes.toLong()),
    status = status,
    error = error
)

internal fun NoticeReply.status(): ReplyStatus = when (state) {
    ReplyState.SAVED -> ReplyStatus.NOT_RECEIVED
    ReplyState.RECEIVED -> ReplyStatus.RECEIVED
    ReplyState.REFUSED -> ReplyStatus.REFUSED
}

internal fun NoticeReply.toRow(f: Formats): ReplyRow {
    val texts = NoticeTexts(f.language)
    val received = receivedAt?.let(f::timestamp)
    val status = status()
    return ReplyRow(
        id = id,
        kind = kind,
        status = status,
        created = f.epoch(createdAt),
        receivedAt = received,
        receiptId = receiptId,
        statusText = when (status) {
            ReplyStatus.NOT_RECEIVED -> texts.notReceived
            ReplyStatus.RECEIVED -> texts.received(received ?: "")
            ReplyStatus.REFUSED -> texts.refused(lastError)
        },
        text = text,
        fileNames = fileNames
    )
}
