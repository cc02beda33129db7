// The order form of a library card: prefilled from the profile, the city's rules per field.
package de.leipzig.nahbeimir.app.ui.library

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.library.LibraryPhase
import de.leipzig.nahbeimir.presentation.library.LibraryState
import de.leipzig.nahbeimir.presentation.library.OrderField
import de.leipzig.nahbeimir.presentation.library.OrderForm

/**
 * The order of the chosen card: the applicant from the profile (nothing to retype), the
 * branch to pick it up, the Leipzig-Pass number, a parent's consent for minors, the second
 * adult of a Duo card. The city's rules are checked by the core; the refused field shows why.
 * Once sent, back to where the order stands.
 */
@Composable
fun LibraryOrderScreen(viewModel: LibraryViewModel, onDone: () -> Unit, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    LaunchedEffect(state.phase) {
        if (state.phase != LibraryPhase.ORDER && state.phase != LibraryPhase.SAVING &&
            state.phase != LibraryPhase.LOADING
        ) {
            onDone()
        }
    }
    Scaffold(topBar = { LeipzigTopBar(stringResource(R.string.library_order_title), onBack = onBack) }) { padding ->
        Column(
            Modifier
                .padding(padding)
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(8.dp)
        ) {
            OrderFields(state, viewModel)
        }
    }
}

@Composable
private fun OrderFields(state: LibraryState, viewModel: LibraryViewModel) {
    val form = state.form
    val saving = state.phase == LibraryPhase.SAVING
    state.cardTypes.firstOrNull { it.selected }?.let { type ->
        Text("${type.name} – ${type.fee}", style = MaterialTheme.typography.titleMedium)
    }
    @Composable
    fun field(
        @StringRes label: Int,
        value: String,
        field: OrderField?,
        keyboard: KeyboardType = KeyboardType.Text,
        change: OrderForm.(String) -> OrderForm
    ) {
        val invalid = field != null && state.invalidField == field
        OutlinedTextField(
            value = value,
            onValueChange = { typed -> viewModel.update { change(typed) } },
            label = { Text(stringResource(label)) },
            isError = invalid,
            supportingText = if (invalid) ({ Text(state.invalidText.orEmpty()) }) else null,
            keyboardOptions = KeyboardOptions(keyboardType = keyboard, imeAction = ImeAction.Next),
            singleLine = true,
            enabled = !saving,
            modifier = Modifier.fillMaxWidth()
        )
    }
    Section(R.string.library_applicant)
    field(R.string.profile_given_name, form.givenName, OrderField.GIVEN_NAME) { copy(givenName = it) }
    field(R.string.profile_family_name, form.familyName, OrderField.FAMILY_NAME) { copy(familyName = it) }
    field(R.string.profile_birthdate, form.birthdate, OrderField.BIRTHDATE) { copy(birthdate = it) }
    field(R.string.profile_street_address, form.street, OrderField.STREET) { copy(street = it) }
    field(R.string.profile_postal_code, form.postcode, OrderField.POSTCODE, KeyboardType.Number) {
        copy(postcode = it)
    }
    field(R.string.profile_locality, form.city, null) { copy(city = it) }
    field(R.string.profile_email, form.email, OrderField.EMAIL, KeyboardType.Email) { copy(email = it) }
    field(R.string.profile_phone, form.phone, null, KeyboardType.Phone) { copy(phone = it) }
    if (state.needsLeipzigPass) {
        field(R.string.library_leipzig_pass, form.leipzigPass, OrderField.LEIPZIG_PASS) { copy(leipzigPass = it) }
    }
    if (state.needsGuardian) {
        Section(R.string.library_guardian)
        Text(stringResource(R.string.library_guardian_hint), style = MaterialTheme.typography.bodySmall)
        field(R.string.profile_given_name, form.guardianGivenName, OrderField.GUARDIAN) {
            copy(guardianGivenName = it)
        }
        field(R.string.profile_family_name, form.guardianFamilyName, null) { copy(guardianFamilyName = it) }
        field(R.string.profile_email, form.guardianEmail, null, KeyboardType.Email) { copy(guardianEmail = it) }
    }
    if (state.needsPartner) {
        Section(R.string.library_partner)
        field(R.string.profile_given_name, form.partnerGivenName, OrderField.SECOND_ADULT) {
            copy(partnerGivenName = it)
        }
        field(R.string.profile_family_name, form.partnerFamilyName, null) { copy(partnerFamilyName = it) }
        field(R.string.profile_birthdate, form.partnerBirthdate, null) { copy(partnerBirthdate = it) }
    }
    Section(R.string.library_pickup)
    if (state.invalidField ==
        OrderField.BRANCH
    ) {
        Text(state.invalidText.orEmpty(), color = MaterialTheme.colorScheme.error)
    }
    state.branches.forEach { branch ->
        Row(
            Modifier
                .fillMaxWidth()
                .heightIn(min = MinTouchTarget)
                .selectable(branch.selected, enabled = !saving, role = Role.RadioButton) {
                    viewModel.selectBranch(branch.id)
                },
            verticalAlignment = Alignment.CenterVertically
        ) {
            RadioButton(selected = branch.selected, onClick = null)
            Column(Modifier.padding(start = 8.dp)) {
                Text(branch.name)
                branch.address?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
            }
        }
    }
    val status = Modifier.semantics { liveRegion = LiveRegionMode.Polite }
    val general = state.invalidField == OrderField.CARD_TYPE || state.invalidField == OrderField.REGISTRATION
    if (general) Text(state.invalidText.orEmpty(), color = MaterialTheme.colorScheme.error, modifier = status)
    state.error?.let { Text(stringResource(it.message()), color = MaterialTheme.colorScheme.error, modifier = status) }
    Button(
        onClick = viewModel::submit,
        enabled = state.canSubmit && !saving,
        modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
    ) {
        if (saving) {
            CircularProgressIndicator(Modifier.size(18.dp), color = LocalContentColor.current, strokeWidth = 2.dp)
        } else {
            Text(stringResource(R.string.library_submit))
        }
    }
}

@Composable
private fun Section(@StringRes title: Int) {
    Text(
        stringResource(title),
        style = MaterialTheme.typography.titleSmall,
        modifier = Modifier.padding(top = 8.dp).semantics { heading() }
    )
}
