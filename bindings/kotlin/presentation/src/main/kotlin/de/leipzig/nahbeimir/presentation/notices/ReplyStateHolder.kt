package de.leipzig.nahbeimir.presentation.notices

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.NoticeReply
import de.leipzig.nahbeimir.core.Notices
import de.leipzig.nahbeimir.core.ReplyDraft
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.core.UploadFile
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Where a reply form stands. */
enum class ReplyPhase {
    /** The notice and the declaration are read. */
    LOADING,

    /** Filling in. */
    EDITING,

    /** Saving on the phone and sending. */
    SAVING,

    /**
     * Saved on the phone, NOT yet received by the office: it does not meet the deadline yet
     * (the loud [ReplyFormState.statusText]); the outbox sends it when there is a connection.
     */
    NOT_RECEIVED,

    /** The office received it at [ReplyFormState.reply]'s `receivedAt`. */
    RECEIVED,

    /** The office did not accept it ([ReplyFormState.statusText]); [ReplyStateHolder.edit] starts a new one. */
    REFUSED,

    /** The notice does not take this kind of reply (any more). */
    NOT_ALLOWED,

    /** Something else failed: [ReplyFormState.error]. */
    ERROR
}

/** A form field the rules can reject. */
enum class ReplyField {
    /** The objection's reason. */
    TEXT,

    /** The binding declaration of an objection. */
    CONFIRMATION,

    /** The files of an upload. */
    FILES,

    /** The note of an upload. */
    NOTE,

    /** The reply as a whole (the city does not take this kind for this notice). */
    REPLY
}

/** A picked file of an upload, as listed. */
data class FileRow(val name: String, val mimeType: String, val size: String)

/** The reply form's state. */
data class ReplyFormState(
    val kind: ReplyKind,
    val phase: ReplyPhase,
    /** What the notice is about. */
    val subject: String? = null,
    val aktenzeichen: String? = null,
    /** The objection's reason. */
    val text: String = "",
    /** The declaration the citizen confirms as binding (objection), shown verbatim. */
    val declaration: String? = null,
    /** The explicit checkbox: without it there is no objection. */
    val bindingConfirmed: Boolean = false,
    /** Ask for suspension of enforcement (Aussetzung der Vollziehung). */
    val requestsSuspension: Boolean = false,
    /** The upload's note. */
    val note: String = "",
    val files: List<FileRow> = emptyList(),
    /** The field at fault, with the core's reason. */
    val invalidField: ReplyField? = null,
    val invalidReason: String? = null,
    /** The reply once saved; follows the city's receipt. */
    val reply: ReplyRow? = null,
    /** What the citizen reads about the saved reply ("Noch nicht beim Amt eingegangen", …). */
    val statusText: String? = null,
    /** Why the status matters ([ReplyPhase.NOT_RECEIVED]). */
    val statusDetail: String? = null,
    val error: ErrorKind? = null
) {
    /** The form takes input. */
    val editable: Boolean get() = phase == ReplyPhase.EDITING

    /** "Send" is enabled: an objection needs its reason and the ticked declaration, an upload a file. */
    val canSubmit: Boolean
        get() = editable && when (kind) {
            ReplyKind.OBJECTION -> text.isNotBlank() && bindingConfirmed
            ReplyKind.UPLOAD_DOCUMENT -> files.isNotEmpty()
            ReplyKind.ACKNOWLEDGE -> true
            ReplyKind.PAY -> false
        }
}

/**
 * State holder of a reply to notice [noticeId]: acknowledge, object (a reason, the
 * declaration shown verbatim and an explicit "binding" checkbox — without it nothing is
 * sent), or send documents (files the citizen picked). [submit] lets the core check the
 * rules (nothing is queued when they fail; the field is named) and save the reply with its
 * outbox entry; it is sent at once when online. A saved reply does not meet a deadline:
 * until the city's receipt arrives (the listener) the state says "Noch nicht beim Amt
 * eingegangen" loudly.
 */
class ReplyStateHolder(
    private val notices: Notices,
    private val noticeId: String,
    private val kind: ReplyKind,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private data class Raw(
        val phase: ReplyPhase = ReplyPhase.LOADING,
        val subject: String? = null,
        val aktenzeichen: String? = null,
        val text: String = "",
        val declaration: String? = null,
        val confirmed: Boolean = false,
        val suspension: Boolean = false,
        val note: String = "",
        val files: List<UploadFile> = emptyList(),
        val field: ReplyField? = null,
        val reason: String? = null,
        val reply: NoticeReply? = null,
        val error: ErrorKind? = null
    )

    private val raw = MutableStateFlow(Raw())

    /** The form's state. */
    val state: StateFlow<ReplyFormState> = combine(raw, formats) { r, f -> render(r, f) }
        .stateIn(scope, SharingStarted.Eagerly, render(raw.value, formats.value))

    init {
        require(kind != ReplyKind.PAY) { "paying is the payments flow, not a reply" }
        scope.launch {
            raw.value = try {
                val notice = withContext(io) { notices.get(noticeId) }
                val declaration = if (kind == ReplyKind.OBJECTION) {
                    withContext(io) { notices.objectionDeclaration(noticeId) }
                } else {
                    null
                }
                val allowed = kind in notice.allowedReplies && !notice.archived &&
                    (notice.delivery.retrievable || notice.delivery.firstRetrievedAt != null)
                raw.value.copy(
                    phase = if (allowed) ReplyPhase.EDITING else ReplyPhase.NOT_ALLOWED,
                    subject = notice.subject,
                    aktenzeichen = notice.aktenzeichen,
                    declaration = declaration
                )
            } catch (e: ApiException) {
                raw.value.copy(phase = ReplyPhase.ERROR, error = ErrorKind.of(e))
            }
        }
        // The city's receipt (or refusal) of the reply sent, delivered by the outbox.
        scope.launch { notices.changes().flowOn(io).collect { follow() } }
    }

    /** The objection's reason as typed. */
    fun updateText(value: String) = edit { copy(text = value) }

    /** The binding checkbox. */
    fun confirmBinding(confirmed: Boolean) = edit { copy(confirmed = confirmed) }

    /** Ask for suspension of enforcement. */
    fun requestSuspension(requested: Boolean) = edit { copy(suspension = requested) }

    /** The upload's note as typed. */
    fun updateNote(value: String) = edit { copy(note = value) }

    /** Adds picked files (PDF, JPEG, PNG as the city takes them; the core checks). */
    fun addFiles(picked: List<UploadFile>) = edit { copy(files = files + picked) }

    /** Removes the picked file at [index]. */
    fun removeFile(index: Int) = edit { copy(files = files.filterIndexed { i, _ -> i != index }) }

    private fun edit(change: Raw.() -> Raw) {
        if (raw.value.phase != ReplyPhase.EDITING) return
        raw.update { it.change().copy(field = null, reason = null) }
    }

    /** After a refusal or a failure: a new reply with what was entered. */
    fun edit() {
        val p = raw.value.phase
        if (p == ReplyPhase.REFUSED || (p == ReplyPhase.ERROR && raw.value.subject != null)) {
            raw.update { it.copy(phase = ReplyPhase.EDITING, reply = null, error = null) }
        }
    }

    /**
     * Sends the reply. An objection without its reason or without the ticked declaration is
     * stopped here already (the core refuses it too); then the core checks and saves.
     */
    fun submit() {
        val r = raw.value
        if (r.phase != ReplyPhase.EDITING) return
        val blocked = when {
            kind == ReplyKind.OBJECTION && r.text.isBlank() -> ReplyField.TEXT
            kind == ReplyKind.OBJECTION && (!r.confirmed || r.declaration.isNullOrBlank()) -> ReplyField.CONFIRMATION
            kind == ReplyKind.UPLOAD_DOCUMENT && r.files.isEmpty() -> ReplyField.FILES
            else -> null
        }
        if (blocked != null) {
            raw.value = r.copy(field = blocked, reason = null)
            return
        }
        val draft = when (kind) {
            ReplyKind.OBJECTION -> ReplyDraft.Objection(
                r.text.trim(),
                r.confirmed,
                r.declaration.orEmpty(),
                r.suspension
            )

            ReplyKind.UPLOAD_DOCUMENT -> ReplyDraft.Upload(r.files, r.note.trim().ifEmpty { null })

            else -> ReplyDraft.Acknowledge
        }
        raw.value = r.copy(phase = ReplyPhase.SAVING, field = null, reason = null, error = null)
        scope.launch {
            raw.value = try {
                val saved = withContext(io) { notices.reply(noticeId, draft) }
                raw.value.copy(phase = phaseOf(saved), reply = saved)
            } catch (e: ApiException.Validation) {
                raw.value.copy(phase = ReplyPhase.EDITING, field = fieldOf(e.field), reason = e.reason)
            } catch (e: ApiException) {
                raw.value.copy(phase = ReplyPhase.ERROR, error = ErrorKind.of(e))
            }
        }
    }

    private suspend fun follow() {
        val mine = raw.value.reply ?: return
        val now = try {
            withContext(io) { notices.replies(noticeId) }.firstOrNull { it.id == mine.id }
        } catch (_: ApiException) {
            null
        } ?: return
        raw.update { r ->
            if (r.reply?.id == now.id && r.phase != ReplyPhase.SAVING) r.copy(reply = now, phase = phaseOf(now)) else r
        }
    }

    private fun phaseOf(reply: NoticeReply): ReplyPhase = when (reply.status()) {
        ReplyStatus.NOT_RECEIVED -> ReplyPhase.NOT_RECEIVED
        ReplyStatus.RECEIVED -> ReplyPhase.RECEIVED
        ReplyStatus.REFUSED -> ReplyPhase.REFUSED
    }

    private fun fieldOf(core: String): ReplyField = when (core) {
        "text" -> ReplyField.TEXT
        "confirmation" -> ReplyField.CONFIRMATION
        "files" -> ReplyField.FILES
        "note" -> ReplyField.NOTE
        else -> ReplyField.REPLY
    }

    private fun render(r: Raw, f: Formats): ReplyFormState {
        val texts = NoticeTexts(f.language)
        val row = r.reply?.toRow(f)
        return ReplyFormState(
            kind = kind,
            phase = r.phase,
            subject = r.subject,
            aktenzeichen = r.aktenzeichen,
            text = r.text,
            declaration = r.declaration,
            bindingConfirmed = r.confirmed,
            requestsSuspension = r.suspension,
            note = r.note,
            files = r.files.map { FileRow(it.fileName, it.mimeType, texts.fileSize(it.bytes.size.toLong())) },
            invalidField = r.field,
            invalidReason = r.reason,
            reply = row,
            statusText = row?.statusText,
            statusDetail = texts.notReceivedDetail.takeIf { r.phase == ReplyPhase.NOT_RECEIVED },
            error = r.error
        )
    }
}
