// "My data": the citizen's profile, to view and to edit field by field.
package de.leipzig.nahbeimir.app.ui.account

import androidx.activity.compose.BackHandler
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
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.account.ProfileField
import de.leipzig.nahbeimir.presentation.account.ProfilePhase
import de.leipzig.nahbeimir.presentation.account.ProfileState
import kotlinx.coroutines.launch

/**
 * The citizen's own data, reused instead of retyped (the booking form starts with it). Shows
 * the filled-in fields; "edit" opens a form whose fields the core checks on "save": a refusal
 * appears under the field it names. Back while editing closes the form without saving.
 */
@Composable
fun ProfileScreen(viewModel: ProfileViewModel, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val snackbar = remember { SnackbarHostState() }
    val scope = rememberCoroutineScope()
    val savedText = stringResource(R.string.profile_saved)
    LaunchedEffect(state.saved) {
        if (state.saved) {
            // Shown from the screen's scope: marking it shown must not cancel it.
            scope.launch { snackbar.showSnackbar(savedText) }
            viewModel.savedShown()
        }
    }
    BackHandler(enabled = state.phase == ProfilePhase.EDITING, onBack = viewModel::cancelEdit)
    BackHandler(enabled = state.phase == ProfilePhase.SAVING) {}
    Scaffold(
        topBar = { LeipzigTopBar(stringResource(R.string.profile_title), onBack = onBack) },
        snackbarHost = { SnackbarHost(snackbar) }
    ) { padding ->
        Column(
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp)
        ) {
            when (state.phase) {
                ProfilePhase.LOADING -> CircularProgressIndicator()

                ProfilePhase.LOGGED_OUT -> Text(stringResource(R.string.profile_logged_out))

                ProfilePhase.VIEWING -> ProfileView(state, onEdit = viewModel::edit)

                ProfilePhase.EDITING, ProfilePhase.SAVING -> ProfileForm(
                    state,
                    onChange = viewModel::update,
                    onSave = viewModel::save,
                    onCancel = viewModel::cancelEdit
                )
            }
        }
    }
}

@Composable
private fun ProfileView(state: ProfileState, onEdit: () -> Unit) {
    Text(stringResource(R.string.profile_explanation), style = MaterialTheme.typography.bodyMedium)
    if (state.rows.isEmpty()) Text(stringResource(R.string.profile_empty))
    state.rows.forEach { row ->
        // Label and value are read as one item.
        Column(Modifier.fillMaxWidth().semantics(mergeDescendants = true) {}) {
            Text(stringResource(row.field.label()), style = MaterialTheme.typography.labelMedium)
            Text(row.value, style = MaterialTheme.typography.bodyLarge)
        }
    }
    state.error?.let { Text(stringResource(it.message()), color = MaterialTheme.colorScheme.error) }
    Button(onClick = onEdit, modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)) {
        Text(stringResource(R.string.profile_edit))
    }
}

@Composable
private fun ProfileForm(
    state: ProfileState,
    onChange: (ProfileField, String) -> Unit,
    onSave: () -> Unit,
    onCancel: () -> Unit
) {
    val saving = state.phase == ProfilePhase.SAVING
    val last = ProfileField.entries.last()
    ProfileField.entries.forEach { field ->
        val invalid = state.invalidField == field
        OutlinedTextField(
            value = state.form[field].orEmpty(),
            onValueChange = { onChange(field, it) },
            label = { Text(stringResource(field.label())) },
            isError = invalid,
            supportingText = when {
                invalid -> ({ Text(stringResource(field.rule())) })
                field == ProfileField.BIRTHDATE -> ({ Text(stringResource(R.string.profile_birthdate_format)) })
                else -> null
            },
            keyboardOptions = field.keyboard(if (field == last) ImeAction.Done else ImeAction.Next),
            singleLine = true,
            enabled = !saving,
            modifier = Modifier.fillMaxWidth()
        )
    }
    val status = Modifier.semantics { liveRegion = LiveRegionMode.Polite }
    state.error?.let { Text(stringResource(it.message()), color = MaterialTheme.colorScheme.error, modifier = status) }
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
        Button(onClick = onSave, enabled = !saving, modifier = Modifier.heightIn(min = MinTouchTarget)) {
            if (saving) {
                CircularProgressIndicator(Modifier.size(18.dp), color = LocalContentColor.current, strokeWidth = 2.dp)
                Text(stringResource(R.string.profile_saving), modifier = Modifier.padding(start = 8.dp))
            } else {
                Text(stringResource(R.string.profile_save))
            }
        }
        TextButton(onClick = onCancel, enabled = !saving, modifier = Modifier.heightIn(min = MinTouchTarget)) {
            Text(stringResource(R.string.action_cancel))
        }
    }
}

/** A field's label. */
@StringRes
private fun ProfileField.label(): Int = when (this) {
    ProfileField.GIVEN_NAME -> R.string.profile_given_name
    ProfileField.FAMILY_NAME -> R.string.profile_family_name
    ProfileField.BIRTHDATE -> R.string.profile_birthdate
    ProfileField.STREET_ADDRESS -> R.string.profile_street_address
    ProfileField.POSTAL_CODE -> R.string.profile_postal_code
    ProfileField.LOCALITY -> R.string.profile_locality
    ProfileField.EMAIL -> R.string.profile_email
    ProfileField.PHONE -> R.string.profile_phone
    ProfileField.LEIPZIG_PASS -> R.string.profile_leipzig_pass
}

/** What the core expects of a field it refused, in the citizen's words. */
@StringRes
private fun ProfileField.rule(): Int = when (this) {
    ProfileField.BIRTHDATE -> R.string.profile_invalid_birthdate
    ProfileField.POSTAL_CODE -> R.string.profile_invalid_postal_code
    ProfileField.EMAIL -> R.string.profile_invalid_email
    ProfileField.PHONE -> R.string.profile_invalid_phone
    ProfileField.LEIPZIG_PASS -> R.string.profile_invalid_leipzig_pass
    else -> R.string.profile_invalid_text
}

/** The keyboard for a field: digits for the postcode, names capitalised, the pass in capitals. */
private fun ProfileField.keyboard(ime: ImeAction): KeyboardOptions = when (this) {
    ProfileField.POSTAL_CODE -> KeyboardOptions(keyboardType = KeyboardType.Number, imeAction = ime)
    ProfileField.EMAIL -> KeyboardOptions(keyboardType = KeyboardType.Email, imeAction = ime)
    ProfileField.PHONE -> KeyboardOptions(keyboardType = KeyboardType.Phone, imeAction = ime)
    ProfileField.BIRTHDATE -> KeyboardOptions(imeAction = ime)
    ProfileField.LEIPZIG_PASS -> KeyboardOptions(capitalization = KeyboardCapitalization.Characters, imeAction = ime)
    else -> KeyboardOptions(capitalization = KeyboardCapitalization.Words, imeAction = ime)
}
