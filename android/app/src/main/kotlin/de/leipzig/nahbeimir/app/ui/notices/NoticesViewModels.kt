// View models of the notice screens: mailbox, one notice, a reply, the deadlines.
package de.leipzig.nahbeimir.app.ui.notices

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.core.UploadFile
import de.leipzig.nahbeimir.presentation.notices.DeadlinesState
import de.leipzig.nahbeimir.presentation.notices.DeadlinesStateHolder
import de.leipzig.nahbeimir.presentation.notices.ExportedNotice
import de.leipzig.nahbeimir.presentation.notices.MailboxState
import de.leipzig.nahbeimir.presentation.notices.MailboxStateHolder
import de.leipzig.nahbeimir.presentation.notices.NoticeEffect
import de.leipzig.nahbeimir.presentation.notices.NoticeState
import de.leipzig.nahbeimir.presentation.notices.NoticeStateHolder
import de.leipzig.nahbeimir.presentation.notices.ReplyFormState
import de.leipzig.nahbeimir.presentation.notices.ReplyStateHolder
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow

/** Keeps a [MailboxStateHolder]; forwards its intents. */
class MailboxViewModel(container: AppContainer) : ViewModel() {
    private val holder = MailboxStateHolder(container.notices, viewModelScope, container.languageSetting.formats)

    /** The screen's state. */
    val state: StateFlow<MailboxState> = holder.state

    /** Pull-to-refresh, the refresh button and "try again". */
    fun refresh() = holder.refresh()

    /** The archive, or the notices not archived. */
    fun showArchived(show: Boolean) = holder.showArchived(show)

    /** Archives or restores a notice. */
    fun archive(id: String, archive: Boolean) = holder.archive(id, archive)
}

/**
 * Keeps a [NoticeStateHolder] for notice [id]: creating it opens the notice (read, and its
 * retrieval reported to the city once). PDFs are written into the app's cache for a viewer or
 * the share sheet; an export is written into a fresh cache folder and then copied where the
 * citizen chose.
 */
class NoticeViewModel(private val container: AppContainer, id: String) : ViewModel() {
    private val holder = NoticeStateHolder(container.notices, id, viewModelScope, container.languageSetting.formats)

    /** The screen's state. */
    val state: StateFlow<NoticeState> = holder.state

    /** Show a PDF, share it, pay: each delivered once. */
    val effects: Flow<NoticeEffect> = holder.effects

    /** "Open" a PDF: checked, then shown in a viewer. */
    fun show(attachmentId: String) = holder.showAttachment(attachmentId, container.noticeDir)

    /** "Share" a PDF: checked, then offered in the share sheet. */
    fun share(attachmentId: String) = holder.shareAttachment(attachmentId, container.noticeDir)

    /** A PDF's checked bytes, to save where the citizen chose (`CreateDocument`). */
    suspend fun bytes(attachmentId: String): ByteArray? = holder.loadAttachment(attachmentId)

    /** Every PDF and a JSON copy, in a fresh cache folder. */
    suspend fun export(): ExportedNotice? = holder.export(container.noticeExportDir())

    /** "Pay": the payment is started, then the pay screen shows it. */
    fun pay() = holder.pay()

    /** Archives or restores the notice. */
    fun archive(archive: Boolean) = holder.archive(archive)

    /** "Try again" after it could not be read. */
    fun retry() = holder.retry()

    /** The error was shown. */
    fun dismissError() = holder.dismissError()
}

/** Keeps a [ReplyStateHolder] for a reply of [kind] to notice [id]; forwards its intents. */
class ReplyViewModel(container: AppContainer, id: String, kind: ReplyKind) : ViewModel() {
    private val holder =
        ReplyStateHolder(container.notices, id, kind, viewModelScope, container.languageSetting.formats)

    /** The form's state. */
    val state: StateFlow<ReplyFormState> = holder.state

    fun updateText(value: String) = holder.updateText(value)

    fun confirmBinding(confirmed: Boolean) = holder.confirmBinding(confirmed)

    fun requestSuspension(requested: Boolean) = holder.requestSuspension(requested)

    fun updateNote(value: String) = holder.updateNote(value)

    fun addFiles(files: List<UploadFile>) = holder.addFiles(files)

    fun removeFile(index: Int) = holder.removeFile(index)

    fun submit() = holder.submit()

    /** A new reply after a refusal or a failure. */
    fun edit() = holder.edit()
}

/** Keeps a [DeadlinesStateHolder]. */
class DeadlinesViewModel(container: AppContainer) : ViewModel() {
    private val holder = DeadlinesStateHolder(container.notices, viewModelScope, container.languageSetting.formats)

    /** The screen's state. */
    val state: StateFlow<DeadlinesState> = holder.state
}
