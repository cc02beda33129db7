// Answering a notice: acknowledge, a binding objection, or documents sent afterwards.
package de.leipzig.nahbeimir.app.ui.notices

import android.widget.Toast
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Delete
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.Checkbox
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.NoticeFiles
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.notices.ReplyField
import de.leipzig.nahbeimir.presentation.notices.ReplyFormState
import de.leipzig.nahbeimir.presentation.notices.ReplyPhase
import kotlinx.coroutines.launch

/** The document types the city takes for an upload (the core checks the bytes as well). */
private val UPLOAD_TYPES = arrayOf("application/pdf", "image/jpeg", "image/png")

/**
 * A reply to a notice. The objection shows the declaration verbatim and asks for an explicit
 * tick ("verbindlich"): "Send" stays disabled until the reason is written and the box is
 * ticked. Documents are picked with the system's document picker (`OpenMultipleDocuments`)
 * and read through the ContentResolver. After sending, the screen says where the reply
 * stands: saved on the phone and loudly "not yet received" until the city's receipt arrives,
 * then received with the city's time, or refused with its reason. A field the rules reject
 * is marked with its own text.
 */
@Composable
fun ReplyScreen(viewModel: ReplyViewModel, onDone: () -> Unit, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val title = when (state.kind) {
        ReplyKind.OBJECTION -> R.string.reply_action_objection
        ReplyKind.UPLOAD_DOCUMENT -> R.string.reply_action_upload
        else -> R.string.reply_action_acknowledge
    }
    Scaffold(topBar = { LeipzigTopBar(stringResource(title), onBack = onBack) }) { padding ->
        Column(
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp)
        ) {
            state.subject?.let {
                Text(it, style = MaterialTheme.typography.titleLarge, modifier = Modifier.semantics { heading() })
            }
            state.aktenzeichen?.let { NoticeFact(R.string.notice_aktenzeichen, it) }
            when (state.phase) {
                ReplyPhase.LOADING -> CircularProgressIndicator()

                ReplyPhase.EDITING, ReplyPhase.SAVING -> Form(state, viewModel)

                ReplyPhase.NOT_RECEIVED -> {
                    NotReceivedWarning(state.statusText.orEmpty(), state.statusDetail)
                    Done(onDone)
                }

                ReplyPhase.RECEIVED -> {
                    Status(state.statusText.orEmpty())
                    state.reply?.receiptId?.let { Text(stringResource(R.string.reply_receipt_id, it)) }
                    Done(onDone)
                }

                ReplyPhase.REFUSED -> {
                    Status(state.statusText.orEmpty(), error = true)
                    Wide(R.string.reply_again, viewModel::edit)
                }

                ReplyPhase.NOT_ALLOWED -> Status(stringResource(R.string.reply_not_allowed))

                ReplyPhase.ERROR -> {
                    Status(stringResource((state.error ?: ErrorKind.OTHER).message()), error = true)
                    if (state.subject != null) Wide(R.string.action_retry, viewModel::edit)
                }
            }
        }
    }
}

@Composable
private fun Form(state: ReplyFormState, viewModel: ReplyViewModel) {
    val saving = state.phase == ReplyPhase.SAVING
    when (state.kind) {
        ReplyKind.OBJECTION -> Objection(state, viewModel)
        ReplyKind.UPLOAD_DOCUMENT -> Upload(state, viewModel)
        else -> Text(stringResource(R.string.reply_acknowledge_intro), style = MaterialTheme.typography.bodyLarge)
    }
    if (state.invalidField == ReplyField.REPLY) Status(stringResource(R.string.reply_not_allowed), error = true)
    Text(stringResource(R.string.reply_counts_when_received), style = MaterialTheme.typography.bodyMedium)
    Button(
        onClick = viewModel::submit,
        enabled = state.canSubmit,
        modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
    ) {
        if (saving) {
            CircularProgressIndicator(Modifier.size(18.dp), color = LocalContentColor.current, strokeWidth = 2.dp)
            Text(stringResource(R.string.reply_saving), modifier = Modifier.padding(start = 8.dp))
        } else {
            Text(stringResource(state.kind.submitLabel()))
        }
    }
}

@StringRes
private fun ReplyKind.submitLabel(): Int = when (this) {
    ReplyKind.OBJECTION -> R.string.reply_submit_objection
    ReplyKind.UPLOAD_DOCUMENT -> R.string.reply_submit_upload
    else -> R.string.reply_submit_acknowledge
}

/** The reason, the declaration shown verbatim, the explicit tick, suspension. */
@Composable
private fun Objection(state: ReplyFormState, viewModel: ReplyViewModel) {
    val enabled = state.editable
    val textError = stringResource(R.string.reply_error_text).takeIf { state.invalidField == ReplyField.TEXT }
    OutlinedTextField(
        value = state.text,
        onValueChange = viewModel::updateText,
        label = { Text(stringResource(R.string.reply_objection_text)) },
        isError = textError != null,
        supportingText = { Text(textError ?: stringResource(R.string.reply_objection_text_hint)) },
        enabled = enabled,
        minLines = 5,
        modifier = Modifier.fillMaxWidth()
    )
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(
                stringResource(R.string.reply_declaration),
                style = MaterialTheme.typography.titleMedium,
                modifier = Modifier.semantics { heading() }
            )
            Text(state.declaration.orEmpty(), style = MaterialTheme.typography.bodyLarge)
        }
    }
    Toggle(
        checked = state.bindingConfirmed,
        onChange = viewModel::confirmBinding,
        label = R.string.reply_confirm_binding,
        enabled = enabled,
        checkbox = true
    )
    if (state.invalidField == ReplyField.CONFIRMATION) {
        Status(stringResource(R.string.reply_error_confirmation), error = true)
    }
    Toggle(
        checked = state.requestsSuspension,
        onChange = viewModel::requestSuspension,
        label = R.string.reply_request_suspension,
        enabled = enabled,
        checkbox = false
    )
}

/** The whole row toggles; TalkBack reads it as one checkbox or switch. */
@Composable
private fun Toggle(
    checked: Boolean,
    onChange: (Boolean) -> Unit,
    @StringRes label: Int,
    enabled: Boolean,
    checkbox: Boolean
) {
    Row(
        verticalAlignment = Alignment.CenterVertically,
        horizontalArrangement = Arrangement.spacedBy(12.dp),
        modifier = Modifier
            .fillMaxWidth()
            .heightIn(min = MinTouchTarget)
            .toggleable(
                value = checked,
                enabled = enabled,
                role = if (checkbox) Role.Checkbox else Role.Switch,
                onValueChange = onChange
            )
    ) {
        if (checkbox) {
            Checkbox(checked = checked, onCheckedChange = null, enabled = enabled)
        }
        Text(stringResource(label), style = MaterialTheme.typography.bodyLarge, modifier = Modifier.weight(1f))
        if (!checkbox) {
            Switch(checked = checked, onCheckedChange = null, enabled = enabled)
        }
    }
}

/** The system's document picker, the files picked (each removable), a note. */
@Composable
private fun Upload(state: ReplyFormState, viewModel: ReplyViewModel) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val pick = rememberLauncherForActivityResult(ActivityResultContracts.OpenMultipleDocuments()) { uris ->
        if (uris.isNotEmpty()) {
            scope.launch {
                val (files, problems) = NoticeFiles.read(context, uris)
                viewModel.addFiles(files)
                if (problems.isNotEmpty()) {
                    val text = if (NoticeFiles.PickProblem.TOO_LARGE in problems) {
                        R.string.reply_file_too_large
                    } else {
                        R.string.reply_file_unreadable
                    }
                    Toast.makeText(context, text, Toast.LENGTH_LONG).show()
                }
            }
        }
    }
    Text(stringResource(R.string.reply_upload_intro), style = MaterialTheme.typography.bodyLarge)
    OutlinedButton(
        onClick = { pick.launch(UPLOAD_TYPES) },
        enabled = state.editable,
        modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
    ) {
        Text(stringResource(R.string.reply_pick_files))
    }
    state.files.forEachIndexed { index, file ->
        Row(verticalAlignment = Alignment.CenterVertically) {
            Column(Modifier.weight(1f)) {
                Text(file.name, style = MaterialTheme.typography.bodyLarge)
                Text(file.size, style = MaterialTheme.typography.bodySmall)
            }
            IconButton(onClick = { viewModel.removeFile(index) }, enabled = state.editable) {
                Icon(Icons.Filled.Delete, contentDescription = stringResource(R.string.reply_remove_file, file.name))
            }
        }
    }
    if (state.invalidField == ReplyField.FILES) Status(stringResource(R.string.reply_error_files), error = true)
    val noteError = stringResource(R.string.reply_error_note).takeIf { state.invalidField == ReplyField.NOTE }
    OutlinedTextField(
        value = state.note,
        onValueChange = viewModel::updateNote,
        label = { Text(stringResource(R.string.reply_note)) },
        isError = noteError != null,
        supportingText = noteError?.let { { Text(it) } },
        enabled = state.editable,
        minLines = 2,
        modifier = Modifier.fillMaxWidth()
    )
}

@Composable
private fun Status(text: String, error: Boolean = false) {
    Text(
        text,
        style = MaterialTheme.typography.bodyLarge,
        color = if (error) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurface,
        modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite }
    )
}

@Composable
private fun Done(onDone: () -> Unit) = Wide(R.string.reply_done, onDone)

@Composable
private fun Wide(@StringRes text: Int, onClick: () -> Unit) {
    Button(onClick = onClick, modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)) {
        Text(stringResource(text))
    }
}
