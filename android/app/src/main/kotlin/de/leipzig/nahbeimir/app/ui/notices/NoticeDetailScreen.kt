// One official notice: facts, deadlines, the loud "not yet received", PDFs, paying, replies, export.
package de.leipzig.nahbeimir.app.ui.notices

import android.content.Context
import android.net.Uri
import android.widget.Toast
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Done
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Share
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.NoticeFiles
import de.leipzig.nahbeimir.app.platform.PaymentPages
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.core.PaymentSubject
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.notices.AttachmentRow
import de.leipzig.nahbeimir.presentation.notices.AttachmentStatus
import de.leipzig.nahbeimir.presentation.notices.NoticeDetail
import de.leipzig.nahbeimir.presentation.notices.NoticeEffect
import de.leipzig.nahbeimir.presentation.notices.NoticePhase
import de.leipzig.nahbeimir.presentation.notices.NoticeState
import kotlinx.coroutines.launch

/**
 * One notice. Showing it opens it (the retrieval the city counts); its deadlines follow with
 * days left and the at-risk warning, and while a reply is only on this phone the loud "Noch
 * nicht beim Amt eingegangen" stands on top. The PDFs are checked before they are shown,
 * shared or saved (`CreateDocument`); a file that does not match the city's checksum is
 * refused. "Alles speichern" writes the PDFs and a JSON copy into a folder the citizen
 * chooses (`OpenDocumentTree`). "Bezahlen" starts the payment and hands over to the pay
 * screen and the payment page; the reply buttons lead to the forms.
 */
@Composable
fun NoticeDetailScreen(
    viewModel: NoticeViewModel,
    pages: PaymentPages,
    onReply: (ReplyKind) -> Unit,
    onPay: (PaymentSubject) -> Unit,
    onBack: () -> Unit
) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    LaunchedEffect(viewModel) {
        viewModel.effects.collect { effect ->
            when (effect) {
                is NoticeEffect.OpenFile -> if (!NoticeFiles.view(context, effect.path, effect.mimeType)) {
                    share(context, effect.path, effect.mimeType, "")
                }

                is NoticeEffect.ShareFile -> share(context, effect.path, effect.mimeType, effect.title)

                is NoticeEffect.Pay -> {
                    onPay(effect.subject)
                    val page = effect.pageUrl
                    if (page != null && !pages.open(page)) context.toast(R.string.browser_unavailable)
                }
            }
        }
    }
    val error = state.error
    LaunchedEffect(error) {
        if (error != null && state.phase == NoticePhase.CONTENT) {
            context.toast(error.message())
            viewModel.dismissError()
        }
    }
    // "Save" one PDF where the citizen chooses: its checked bytes into the new document.
    var saving by remember { mutableStateOf<String?>(null) }
    val saveOne = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/pdf")) { uri ->
        val id = saving
        saving = null
        if (uri != null && id != null) {
            scope.launch {
                val bytes = viewModel.bytes(id)
                val ok = bytes != null && NoticeFiles.write(context, uri, bytes)
                context.toast(if (ok) R.string.notice_saved else R.string.notice_save_failed)
            }
        }
    }
    // "Save everything": PDFs and the JSON copy into a folder the citizen chooses.
    val saveAll = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocumentTree()) { tree: Uri? ->
        if (tree != null) {
            scope.launch {
                val files = viewModel.export()?.files.orEmpty()
                val copied = if (files.isEmpty()) 0 else NoticeFiles.copyToTree(context, tree, files)
                context.toast(
                    if (files.isNotEmpty() &&
                        copied == files.size
                    ) {
                        R.string.notice_exported
                    } else {
                        R.string.notice_export_failed
                    }
                )
            }
        }
    }
    val title = when (state.notice?.bescheid) {
        false -> R.string.notice_kind_mitteilung
        else -> R.string.notice_kind_bescheid
    }
    Scaffold(topBar = { LeipzigTopBar(stringResource(title), onBack = onBack) }) { padding ->
        when (state.phase) {
            NoticePhase.LOADING -> Column(Modifier.padding(padding)) {
                FullScreenMessage(stringResource(R.string.notice_loading))
            }

            NoticePhase.ERROR -> Column(Modifier.padding(padding)) {
                FullScreenMessage(
                    stringResource((state.error ?: ErrorKind.OTHER).message()),
                    actionLabel = stringResource(R.string.action_retry),
                    onAction = viewModel::retry
                )
            }

            NoticePhase.CONTENT -> Column(
                modifier = Modifier
                    .padding(padding)
                    .fillMaxSize()
                    .verticalScroll(rememberScrollState())
                    .padding(16.dp),
                verticalArrangement = Arrangement.spacedBy(16.dp)
            ) {
                NoticeContent(
                    state = state,
                    viewModel = viewModel,
                    onSave = { attachment ->
                        saving = attachment.id
                        saveOne.launch(attachment.fileName)
                    },
                    onSaveAll = { saveAll.launch(null) },
                    onReply = onReply
                )
            }
        }
    }
}

@Composable
private fun NoticeContent(
    state: NoticeState,
    viewModel: NoticeViewModel,
    onSave: (AttachmentRow) -> Unit,
    onSaveAll: () -> Unit,
    onReply: (ReplyKind) -> Unit
) {
    val notice = state.notice ?: return
    val notReceived = state.notReceivedText
    if (state.notReceived && notReceived != null) NotReceivedWarning(notReceived, state.notReceivedDetail)
    Header(notice)
    if (state.deadlines.isNotEmpty()) {
        Section(R.string.notice_deadlines)
        state.deadlines.forEach { DeadlineLine(it) }
    }
    Payment(state, notice, viewModel::pay)
    if (state.attachments.isNotEmpty()) {
        Section(R.string.notice_documents)
        state.attachments.forEach { a ->
            AttachmentCard(a, onOpen = {
                viewModel.show(a.id)
            }, onShare = { viewModel.share(a.id) }, onSave = { onSave(a) })
        }
        OutlinedButton(
            onClick = onSaveAll,
            enabled = !state.exporting,
            modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
        ) {
            Text(stringResource(if (state.exporting) R.string.notice_exporting else R.string.notice_export))
        }
    }
    Section(R.string.notice_text)
    Text(notice.body, style = MaterialTheme.typography.bodyLarge)
    notice.rechtsbehelfsbelehrung?.let {
        Section(R.string.notice_rechtsbehelfsbelehrung)
        Text(it, style = MaterialTheme.typography.bodyMedium)
    }
    Replies(state, onReply)
    Contact(notice)
    HorizontalDivider()
    TextButton(onClick = { viewModel.archive(!notice.archived) }, modifier = Modifier.heightIn(min = MinTouchTarget)) {
        Text(stringResource(if (notice.archived) R.string.notice_restore else R.string.notice_archive))
    }
}

@Composable
private fun Section(@StringRes title: Int) {
    Text(
        stringResource(title),
        style = MaterialTheme.typography.titleLarge,
        modifier = Modifier.semantics { heading() }
    )
}

/** Subject, office, date, file numbers and how and when it was delivered and announced. */
@Composable
private fun Header(notice: NoticeDetail) {
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Text(
            notice.subject,
            style = MaterialTheme.typography.headlineSmall,
            modifier = Modifier.semantics {
                heading()
            }
        )
        Text(
            listOfNotNull(notice.authority, notice.office).joinToString(", "),
            style = MaterialTheme.typography.bodyLarge
        )
        NoticeFact(R.string.notice_issued_label, notice.issued)
        notice.aktenzeichen?.let { NoticeFact(R.string.notice_aktenzeichen, it) }
        notice.kassenzeichen?.let { NoticeFact(R.string.notice_kassenzeichen, it) }
        NoticeFact(R.string.notice_channel, notice.channel)
        notice.retrievedAt?.let { NoticeFact(R.string.notice_retrieved_at, it) }
        notice.bekanntgabe?.let { NoticeFact(R.string.notice_bekanntgabe, it) }
        notice.provisionEnds?.let { NoticeFact(R.string.notice_provision_ends, it) }
        if (!notice.retrievable && notice.retrievedAt == null) {
            Text(
                stringResource(R.string.notice_not_retrievable),
                style = MaterialTheme.typography.bodyMedium,
                color = MaterialTheme.colorScheme.error
            )
        }
    }
}

/** The amount, "paid", or "pay" (with the refusal's words when the payment service said no). */
@Composable
private fun Payment(state: NoticeState, notice: NoticeDetail, onPay: () -> Unit) {
    val amount = notice.amount ?: return
    Section(R.string.notice_payment)
    Text(amount, style = MaterialTheme.typography.headlineMedium)
    if (notice.paid) {
        Text(stringResource(R.string.fee_status_paid), style = MaterialTheme.typography.bodyLarge)
    } else if (state.canPay) {
        Button(
            onClick = onPay,
            enabled = !state.paying,
            modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
        ) {
            if (state.paying) CircularProgressIndicator(Modifier.size(18.dp), strokeWidth = 2.dp)
            Text(stringResource(R.string.notice_pay, amount), modifier = Modifier.padding(start = 8.dp))
        }
    }
    state.payRefusal?.let {
        Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.error)
    }
}

/** One PDF: name, size, whether it is checked; open, share, save. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun AttachmentCard(row: AttachmentRow, onOpen: () -> Unit, onShare: () -> Unit, onSave: () -> Unit) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(
                stringResource(if (row.main) R.string.notice_document_main else R.string.notice_document_annex),
                style = MaterialTheme.typography.labelMedium
            )
            Text(row.fileName, style = MaterialTheme.typography.titleMedium)
            Text(row.size, style = MaterialTheme.typography.bodyMedium)
            when (row.status) {
                AttachmentStatus.LOADING -> Row(verticalAlignment = Alignment.CenterVertically) {
                    CircularProgressIndicator(Modifier.size(18.dp), strokeWidth = 2.dp)
                    Text(stringResource(R.string.notice_document_loading), modifier = Modifier.padding(start = 8.dp))
                }

                AttachmentStatus.UNVERIFIED -> Text(
                    stringResource(R.string.notice_document_unverified),
                    style = MaterialTheme.typography.bodyMedium,
                    color = MaterialTheme.colorScheme.error
                )

                AttachmentStatus.FAILED -> Text(
                    stringResource((row.error ?: ErrorKind.OTHER).message()),
                    style = MaterialTheme.typography.bodyMedium,
                    color = MaterialTheme.colorScheme.error
                )

                AttachmentStatus.READY -> Text(
                    stringResource(R.string.notice_document_checked),
                    style = MaterialTheme.typography.bodyMedium
                )

                AttachmentStatus.NOT_LOADED -> Unit
            }
            val busy = row.status == AttachmentStatus.LOADING
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Action(R.string.notice_document_open, Icons.Filled.Info, !busy, onOpen)
                Action(R.string.notice_document_share, Icons.Filled.Share, !busy, onShare)
                Action(R.string.notice_document_save, Icons.Filled.Done, !busy, onSave)
            }
        }
    }
}

@Composable
private fun Action(@StringRes label: Int, icon: ImageVector, enabled: Boolean, onClick: () -> Unit) {
    TextButton(onClick = onClick, enabled = enabled, modifier = Modifier.heightIn(min = MinTouchTarget)) {
        Icon(icon, contentDescription = null, modifier = Modifier.size(18.dp))
        Text(stringResource(label), modifier = Modifier.padding(start = 8.dp))
    }
}

/** What was answered (and where it stands), then the answers the city takes. */
@Composable
private fun Replies(state: NoticeState, onReply: (ReplyKind) -> Unit) {
    val offered = listOfNotNull(
        ReplyKind.OBJECTION.takeIf { state.canObject },
        ReplyKind.UPLOAD_DOCUMENT.takeIf { state.canUpload },
        ReplyKind.ACKNOWLEDGE.takeIf { state.canAcknowledge }
    )
    if (state.replies.isEmpty() && offered.isEmpty()) return
    Section(R.string.notice_replies)
    state.replies.forEach { ReplyLine(it) }
    offered.forEach { kind ->
        OutlinedButton(
            onClick = { onReply(kind) },
            modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
        ) {
            Text(stringResource(kind.action()))
        }
    }
}

@StringRes
private fun ReplyKind.action(): Int = when (this) {
    ReplyKind.OBJECTION -> R.string.reply_action_objection
    ReplyKind.UPLOAD_DOCUMENT -> R.string.reply_action_upload
    else -> R.string.reply_action_acknowledge
}

/** Who to ask. */
@Composable
private fun Contact(notice: NoticeDetail) {
    val lines = listOfNotNull(notice.officialName, notice.phone, notice.email, notice.address)
    if (lines.isEmpty()) return
    Section(R.string.notice_contact)
    lines.forEach { Text(it, style = MaterialTheme.typography.bodyMedium) }
}

private fun share(context: Context, path: String, mimeType: String, title: String) {
    val chooser = context.getString(R.string.notice_share_chooser)
    if (!NoticeFiles.share(context, path, mimeType, title, chooser)) context.toast(R.string.receipt_no_app)
}

private fun Context.toast(@StringRes text: Int) = Toast.makeText(this, text, Toast.LENGTH_LONG).show()
