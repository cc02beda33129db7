package de.leipzig.nahbeimir.app.ui.appointments

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.appointments.BookingField
import de.leipzig.nahbeimir.presentation.appointments.BookingPhase
import de.leipzig.nahbeimir.presentation.appointments.BookingState

/**
 * The contact fields the office asks for ([BookingState.office]: e-mail required or not,
 * telephone shown and required or not) and "book". Whether an entry is acceptable is the
 * core's decision; its answer appears under the field it names ([BookingState.invalidField]).
 */
@Composable
fun BookingForm(
    state: BookingState,
    onName: (String) -> Unit,
    onEmail: (String) -> Unit,
    onPhone: (String) -> Unit,
    onSubmit: () -> Unit
) {
    val booking = state.phase == BookingPhase.BOOKING
    val office = state.office
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        ContactField(
            value = state.name,
            onChange = onName,
            label = fieldLabel(R.string.booking_name, required = true),
            error = state.errorFor(BookingField.NAME),
            keyboard = KeyboardOptions(capitalization = KeyboardCapitalization.Words, imeAction = ImeAction.Next),
            enabled = !booking
        )
        ContactField(
            value = state.email,
            onChange = onEmail,
            label = fieldLabel(R.string.booking_email, required = office.emailRequired),
            error = state.errorFor(BookingField.EMAIL),
            keyboard = KeyboardOptions(
                keyboardType = KeyboardType.Email,
                imeAction = if (office.telephoneShown) ImeAction.Next else ImeAction.Done
            ),
            enabled = !booking
        )
        if (office.telephoneShown) {
            ContactField(
                value = state.phone,
                onChange = onPhone,
                label = fieldLabel(R.string.booking_phone, required = office.telephoneRequired),
                error = state.errorFor(BookingField.PHONE),
                keyboard = KeyboardOptions(keyboardType = KeyboardType.Phone, imeAction = ImeAction.Done),
                enabled = !booking
            )
        }
        val status = Modifier.semantics { liveRegion = LiveRegionMode.Polite }
        // A rule the core could not attach to one of the fields.
        if (state.invalidField == null && state.invalidReason != null) {
            Text(
                "${stringResource(R.string.error_validation)} ${state.invalidReason}",
                color = MaterialTheme.colorScheme.error,
                modifier = status
            )
        }
        if (state.phase == BookingPhase.ERROR) {
            Text(
                stringResource((state.error ?: ErrorKind.OTHER).message()),
                color = MaterialTheme.colorScheme.error,
                modifier = status
            )
        }
        Button(
            onClick = onSubmit,
            enabled = !booking,
            modifier = Modifier
                .fillMaxWidth()
                .heightIn(min = MinTouchTarget)
                .padding(top = 8.dp)
        ) {
            if (booking) {
                CircularProgressIndicator(Modifier.size(18.dp), color = LocalContentColor.current, strokeWidth = 2.dp)
                Text(stringResource(R.string.booking_running), modifier = Modifier.padding(start = 8.dp))
            } else {
                Text(stringResource(R.string.booking_submit))
            }
        }
    }
}

@Composable
private fun fieldLabel(@StringRes name: Int, required: Boolean): String =
    stringResource(if (required) R.string.field_required else R.string.field_optional, stringResource(name))

/** The core's reason under the field it names, or a general hint when it gave none. */
@Composable
private fun BookingState.errorFor(field: BookingField): String? = if (invalidField == field) {
    invalidReason ?: stringResource(R.string.booking_invalid)
} else {
    null
}

@Composable
private fun ContactField(
    value: String,
    onChange: (String) -> Unit,
    label: String,
    error: String?,
    keyboard: KeyboardOptions,
    enabled: Boolean
) {
    OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(label) },
        isError = error != null,
        supportingText = error?.let { { Text(it) } },
        keyboardOptions = keyboard,
        singleLine = true,
        enabled = enabled,
        modifier = Modifier.fillMaxWidth()
    )
}
