package de.leipzig.nahbeimir.app.ui.appointments

import androidx.compose.material3.DatePickerDialog
import androidx.compose.material3.DateRangePicker
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.SelectableDates
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.rememberDateRangePickerState
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.presentation.LEIPZIG
import java.time.Instant
import java.time.LocalDate
import java.time.ZoneOffset

/**
 * Material 3's date range picker in a dialog, for the search period. The picker counts
 * days as UTC midnights; these are converted to and from Leipzig's calendar days here, and
 * past days cannot be picked. Dismissing (button, outside tap, system back) keeps the period.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun PeriodPickerDialog(
    from: LocalDate,
    to: LocalDate,
    onDismiss: () -> Unit,
    onPicked: (LocalDate, LocalDate) -> Unit
) {
    val today = remember { LocalDate.now(LEIPZIG) }
    val state = rememberDateRangePickerState(
        initialSelectedStartDateMillis = from.utcMillis(),
        initialSelectedEndDateMillis = to.utcMillis(),
        selectableDates = remember(today) { FromDay(today) }
    )
    val start = state.selectedStartDateMillis
    DatePickerDialog(
        onDismissRequest = onDismiss,
        confirmButton = {
            TextButton(
                enabled = start != null,
                onClick = {
                    if (start != null) {
                        val first = start.utcDay()
                        onPicked(first, state.selectedEndDateMillis?.utcDay() ?: first)
                    }
                }
            ) {
                Text(stringResource(R.string.search_period_apply))
            }
        },
        dismissButton = {
            TextButton(onClick = onDismiss) { Text(stringResource(R.string.action_cancel)) }
        }
    ) {
        // weight: the picker scrolls inside the dialog instead of pushing the buttons out.
        DateRangePicker(state = state, modifier = Modifier.weight(1f))
    }
}

/** Days from [first] on can be picked. */
@OptIn(ExperimentalMaterial3Api::class)
private class FromDay(private val first: LocalDate) : SelectableDates {
    override fun isSelectableDate(utcTimeMillis: Long): Boolean = !utcTimeMillis.utcDay().isBefore(first)

    override fun isSelectableYear(year: Int): Boolean = year >= first.year
}

private fun LocalDate.utcMillis(): Long = atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()

private fun Long.utcDay(): LocalDate = Instant.ofEpochMilli(this).atZone(ZoneOffset.UTC).toLocalDate()
