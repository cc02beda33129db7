package de.leipzig.nahbeimir.presentation.notices

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Notice
import de.leipzig.nahbeimir.core.NoticeReply
import de.leipzig.nahbeimir.core.Notices
import de.leipzig.nahbeimir.core.PaymentSubject
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.core.ReplyState
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import de.leipzig.nahbeimir.presentation.payments.PaymentTexts
import java.io.File
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.receiveAsFlow
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** What the notice screen shows. */
enum class NoticePhase {
    /** The notice is read from the phone. */
    LOADING,

    /** The notice: [NoticeState.notice]. */
    CONTENT,

    /** It is not on the phone: [NoticeState.error]. */
    ERROR
}

/** A one-time instruction to the shell. */
sealed interface NoticeEffect {
    /** Show the checked PDF at [path] (a viewer through the FileProvider). */
    data class OpenFile(val path: String, val mimeType: String) : NoticeEffect

    /** Offer the checked PDF at [path] in the share sheet; [title] is the notice's subject. */
    data class ShareFile(val path: String, val mimeType: String, val title: String) : NoticeEffect

    /**
     * Paying started ([de.leipzig.nahbeimir.core.Notices.pay]): show the pay screen of
     * [subject] — it finds the payment just started — and open [pageUrl] in the system
     * browser when there is one (none when it was paid before or is not sent yet).
     */
    data class Pay(val subject: PaymentSubject, val pageUrl: String?) : NoticeEffect
}

/** A notice's PDFs and JSON copy written for saving (SAF) or sharing. */
data class ExportedNotice(val files: List<String>)

/** What the notice screen shows. */
data class NoticeState(
    val phase: NoticePhase,
    val notice: NoticeDetail? = null,
    /** Its deadlines with days left. */
    val deadlines: List<DeadlineRow> = emptyList(),
    val attachments: List<AttachmentRow> = emptyList(),
    /** Its replies, oldest first. */
    val replies: List<ReplyRow> = emptyList(),
    /**
     * A reply is only on this phone: the loud "Noch nicht beim Amt eingegangen"
     * ([notReceivedText], [notReceivedDetail]). It does not meet a deadline yet.
     */
    val notReceived: Boolean = false,
    val notReceivedText: String? = null,
    val notReceivedDetail: String? = null,
    val canAcknowledge: Boolean = false,
    val canObject: Boolean = false,
    val canUpload: Boolean = false,
    /** It demands money, not paid yet, payable in the app. */
    val canPay: Boolean = false,
    /** Paying is being started. */
    val paying: Boolean = false,
    /** Why the payment service refused paying it (nothing was charged). */
    val payRefusal: String? = null,
    val exporting: Boolean = false,
    /** Loading failed (phase [NoticePhase.ERROR]) or the last action failed. */
    val error: ErrorKind? = null
)

/**
 * State holder of one notice ([id]). Showing it is opening it: the core marks it read and
 * reports the retrieval to the city exactly once, and the city's answer fixes the
 * announcement (Bekanntgabe) and with it the objection deadline — the listener brings the
 * new dates. The PDFs are checked against the city's SHA-512 before they are kept or shown;
 * a file that does not match is refused ([AttachmentStatus.UNVERIFIED]) and never handed to
 * a viewer. Replies only count once the city received them: until then the state carries
 * the loud warning. [pay] hands over to the payments flow through [effects].
 */
class NoticeStateHolder(
    private val notices: Notices,
    private val id: String,
    private val scope: CoroutineScope,
    private val formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private data class Raw(
        val notice: Notice? = null,
        val replies: List<NoticeReply> = emptyList(),
        val missing: ErrorKind? = null,
        val paying: Boolean = false,
        val refusalCode: String? = null,
        val exporting: Boolean = false,
        val error: ErrorKind? = null
    )

    private data class Loading(val status: AttachmentStatus, val error: ErrorKind? = null)

    private val raw = MutableStateFlow(Raw())
    private val files = MutableStateFlow<Map<String, Loading>>(emptyMap())
    private val effectChannel = Channel<NoticeEffect>(Channel.BUFFERED)

    /** The screen's state. */
    val state: StateFlow<NoticeState> = combine(raw, files, formats) { r, a, f -> render(r, a, f) }
        .stateIn(scope, SharingStarted.Eagerly, NoticeState(NoticePhase.LOADING))

    /** One-time instructions (show or share a PDF, pay), each delivered once. */
    val effects: Flow<NoticeEffect> = effectChannel.receiveAsFlow()

    init {
        scope.launch { notices.changes().flowOn(io).collect { reload() } }
        scope.launch {
            // Opening is the retrieval; offline it is reported later (the outbox).
            try {
                withContext(io) { notices.open(id) }
            } catch (e: ApiException) {
                raw.update { it.copy(error = ErrorKind.of(e)) }
            }
            reload()
        }
    }

    /** Reads the notice again, e.g. "try again" after it could not be read. */
    fun retry() {
        scope.launch { reload() }
    }

    /**
     * The PDF [attachmentId]'s bytes, downloaded when not on the phone and checked against the
     * city's SHA-512; null (and the attachment's status says why) when that failed.
     */
    suspend fun loadAttachment(attachmentId: String): ByteArray? {
        files.update { it + (attachmentId to Loading(AttachmentStatus.LOADING)) }
        return try {
            val bytes = withContext(io) { notices.attachment(id, attachmentId) }
            files.update { it + (attachmentId to Loading(AttachmentStatus.READY)) }
            bytes
        } catch (e: ApiException) {
            // The core refuses bytes whose checksum is not the city's (no HTTP status then).
            val unverified = e is ApiException.Server && e.status == null
            val status = if (unverified) AttachmentStatus.UNVERIFIED else AttachmentStatus.FAILED
            files.update { it + (attachmentId to Loading(status, ErrorKind.of(e))) }
            null
        }
    }

    /** Shows the PDF [attachmentId] (written into [dir] for a viewer), once it is checked. */
    fun showAttachment(attachmentId: String, dir: File) = handOut(attachmentId, dir, share = false)

    /** Offers the PDF [attachmentId] (written into [dir]) in the share sheet, once it is checked. */
    fun shareAttachment(attachmentId: String, dir: File) = handOut(attachmentId, dir, share = true)

    private fun handOut(attachmentId: String, dir: File, share: Boolean) {
        scope.launch {
            val meta = raw.value.notice?.attachments?.firstOrNull { it.id == attachmentId } ?: return@launch
            val bytes = loadAttachment(attachmentId) ?: return@launch
            val file = try {
                withContext(io) {
                    val folder = File(dir, safeName(id)).apply { mkdirs() }
                    File(folder, safeName(meta.fileName)).apply { writeBytes(bytes) }
                }
            } catch (_: java.io.IOException) {
                files.update { it + (attachmentId to Loading(AttachmentStatus.FAILED, ErrorKind.OTHER)) }
                return@launch
            }
            val subject = raw.value.notice?.subject.orEmpty()
            effectChannel.send(
                if (share) {
                    NoticeEffect.ShareFile(file.path, meta.mimeType, subject)
                } else {
                    NoticeEffect.OpenFile(file.path, meta.mimeType)
                }
            )
        }
    }

    /**
     * Writes every PDF (checked) and a JSON copy of the notice and its replies into [dir], for
     * the shell to save where the citizen chooses; null (and [NoticeState.error]) when it failed.
     */
    suspend fun export(dir: File): ExportedNotice? {
        raw.update { it.copy(exporting = true, error = null) }
        return try {
            val written = withContext(io) {
                dir.mkdirs()
                notices.export(id, dir.path)
            }
            ExportedNotice(written)
        } catch (e: ApiException) {
            raw.update { it.copy(error = ErrorKind.of(e)) }
            null
        } finally {
            raw.update { it.copy(exporting = false) }
        }
    }

    /**
     * "Pay": the core starts the payment of what the notice demands (the payments service);
     * then [effects] asks the shell to show the pay screen (and the payment page).
     */
    fun pay() {
        if (raw.value.paying) return
        raw.update { it.copy(paying = true, refusalCode = null, error = null) }
        scope.launch {
            try {
                val started = withContext(io) { notices.pay(id) }
                val page = started.paypageUrl.takeIf { !started.alreadyPaid }
                effectChannel.send(NoticeEffect.Pay(started.payment.subject, page))
            } catch (e: ApiException.PaymentRefused) {
                raw.update { it.copy(refusalCode = e.code) }
            } catch (e: ApiException) {
                raw.update { it.copy(error = ErrorKind.of(e)) }
            } finally {
                raw.update { it.copy(paying = false) }
            }
        }
    }

    /** Archives (or restores) the notice. */
    fun archive(archive: Boolean = true) {
        scope.launch {
            try {
                withContext(io) { notices.archive(id, archive) }
                reload()
            } catch (e: ApiException) {
                raw.update { it.copy(error = ErrorKind.of(e)) }
            }
        }
    }

    /** The error was shown. */
    fun dismissError() {
        raw.update { it.copy(error = null, refusalCode = null) }
    }

    private suspend fun reload() {
        try {
            val (notice, replies) = withContext(io) { notices.get(id) to notices.replies(id) }
            raw.update { it.copy(notice = notice, replies = replies, missing = null) }
        } catch (e: ApiException) {
            raw.update { it.copy(missing = ErrorKind.of(e)) }
        }
    }

    private fun render(r: Raw, loading: Map<String, Loading>, f: Formats): NoticeState {
        val n = r.notice ?: return if (r.missing != null) {
            NoticeState(NoticePhase.ERROR, error = r.missing)
        } else {
            NoticeState(NoticePhase.LOADING)
        }
        val texts = NoticeTexts(f.language)
        val pending = r.replies.any { it.state == ReplyState.SAVED }
        val retrievable = n.delivery.retrievable || n.delivery.firstRetrievedAt != null
        fun answered(kind: ReplyKind) = r.replies.any { it.kind == kind && it.state != ReplyState.REFUSED }
        fun allows(kind: ReplyKind) = kind in n.allowedReplies && retrievable && !n.archived
        return NoticeState(
            phase = NoticePhase.CONTENT,
            notice = n.toDetail(f),
            deadlines = n.deadlines.map { it.toRow(f) },
            attachments = n.attachments.map { a ->
                val l = loading[a.id]
                val status = l?.status ?: if (a.downloaded) AttachmentStatus.READY else AttachmentStatus.NOT_LOADED
                a.toRow(f, status, l?.error)
            },
            replies = r.replies.map { it.toRow(f) },
            notReceived = pending,
            notReceivedText = texts.notReceived.takeIf { pending },
            notReceivedDetail = texts.notReceivedDetail.takeIf { pending },
            canAcknowledge = allows(ReplyKind.ACKNOWLEDGE) && !answered(ReplyKind.ACKNOWLEDGE),
            canObject = allows(ReplyKind.OBJECTION) && !answered(ReplyKind.OBJECTION),
            canUpload = allows(ReplyKind.UPLOAD_DOCUMENT),
            canPay = n.payableOnline && !n.paid && (n.amountDueCents ?: 0) > 0,
            paying = r.paying,
            payRefusal = r.refusalCode?.let { PaymentTexts(f.language).refusal(it) },
            exporting = r.exporting,
            error = r.error
        )
    }

    private companion object {
        /** A file or folder name without separators or anything a file system may choke on. */
        fun safeName(name: String): String =
            name.replace(Regex("[^A-Za-z0-9._ -]"), "_").trimStart('.').trim().ifEmpty { "datei" }
    }
}
