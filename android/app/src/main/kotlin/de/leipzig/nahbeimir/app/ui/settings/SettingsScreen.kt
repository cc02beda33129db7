package de.leipzig.nahbeimir.app.ui.settings

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.label
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.settings.SettingsState
import de.leipzig.nahbeimir.presentation.settings.WipeStep

/**
 * Settings: the app's language and "delete all data on this phone" (asked first; asked again
 * when actions saved on the phone have not reached the city yet).
 */
@Composable
fun SettingsScreen(viewModel: SettingsViewModel, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    Scaffold(topBar = { LeipzigTopBar(stringResource(R.string.settings_title), onBack = onBack) }) { padding ->
        Column(
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp)
        ) {
            SectionTitle(stringResource(R.string.settings_language))
            LanguageChoice(state.languages, state.language, viewModel::selectLanguage)
            HorizontalDivider()
            SectionTitle(stringResource(R.string.settings_data))
            WipeSection(state, onRequest = viewModel::requestWipe)
        }
    }
    // The dialog's onDismissRequest also runs on the system back button and an outside tap.
    if (state.wipe == WipeStep.CONFIRMING) {
        AlertDialog(
            onDismissRequest = viewModel::cancelWipe,
            title = { Text(stringResource(R.string.wipe_confirm_title)) },
            text = { Text(stringResource(R.string.wipe_confirm_text)) },
            confirmButton = {
                TextButton(
                    onClick = viewModel::confirmWipe,
                    colors = ButtonDefaults.textButtonColors(contentColor = MaterialTheme.colorScheme.error)
                ) {
                    Text(stringResource(R.string.wipe_confirm))
                }
            },
            dismissButton = {
                TextButton(onClick = viewModel::cancelWipe) { Text(stringResource(R.string.wipe_cancel)) }
            }
        )
    }
    if (state.wipe == WipeStep.PENDING_ACTIONS) {
        AlertDialog(
            onDismissRequest = viewModel::cancelWipe,
            title = { Text(stringResource(R.string.wipe_pending_title)) },
            text = {
                Text(pluralStringResource(R.plurals.wipe_pending_text, state.pendingActions, state.pendingActions))
            },
            confirmButton = {
                TextButton(
                    onClick = viewModel::discardAndWipe,
                    colors = ButtonDefaults.textButtonColors(contentColor = MaterialTheme.colorScheme.error)
                ) {
                    Text(stringResource(R.string.wipe_discard))
                }
            },
            dismissButton = {
                TextButton(onClick = viewModel::cancelWipe) { Text(stringResource(R.string.wipe_cancel)) }
            }
        )
    }
}

@Composable
private fun SectionTitle(text: String) {
    Text(text, style = MaterialTheme.typography.titleMedium, modifier = Modifier.semantics { heading() })
}

@Composable
private fun LanguageChoice(languages: List<AppLanguage>, selected: AppLanguage, onSelect: (AppLanguage) -> Unit) {
    Column(Modifier.selectableGroup()) {
        languages.forEach { language ->
            // The whole row is the radio button: one large touch target, read as one control.
            Row(
                modifier = Modifier
                    .fillMaxWidth()
                    .heightIn(min = 56.dp)
                    .selectable(
                        selected = language == selected,
                        onClick = { onSelect(language) },
                        role = Role.RadioButton
                    ),
                verticalAlignment = Alignment.CenterVertically
            ) {
                RadioButton(selected = language == selected, onClick = null)
                Text(stringResource(language.label()), modifier = Modifier.padding(start = 16.dp))
            }
        }
    }
}

@Composable
private fun WipeSection(state: SettingsState, onRequest: () -> Unit) {
    Text(stringResource(R.string.settings_wipe_explanation), style = MaterialTheme.typography.bodyMedium)
    OutlinedButton(
        onClick = onRequest,
        enabled = state.wipe != WipeStep.WIPING,
        colors = ButtonDefaults.outlinedButtonColors(contentColor = MaterialTheme.colorScheme.error),
        modifier = Modifier.heightIn(min = MinTouchTarget)
    ) {
        Text(stringResource(R.string.settings_wipe))
    }
    val status = Modifier.semantics { liveRegion = LiveRegionMode.Polite }
    when (state.wipe) {
        WipeStep.WIPING -> Row(status, verticalAlignment = Alignment.CenterVertically) {
            CircularProgressIndicator(Modifier.size(24.dp))
            Text(stringResource(R.string.wipe_running), modifier = Modifier.padding(start = 12.dp))
        }

        WipeStep.DONE -> Text(stringResource(R.string.wipe_done), modifier = status)

        WipeStep.FAILED -> Text(
            stringResource(R.string.wipe_failed, stringResource((state.error ?: ErrorKind.OTHER).message())),
            color = MaterialTheme.colorScheme.error,
            modifier = status
        )

        WipeStep.IDLE, WipeStep.CONFIRMING, WipeStep.PENDING_ACTIONS -> Unit
    }
}
