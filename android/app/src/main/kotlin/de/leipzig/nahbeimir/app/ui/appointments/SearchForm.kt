package de.leipzig.nahbeimir.app.ui.appointments

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyListScope
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Notifications
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FilterChip
import androidx.compose.material3.FilterChipDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.appointments.SearchPhase
import de.leipzig.nahbeimir.presentation.appointments.SlotRow
import de.leipzig.nahbeimir.presentation.appointments.SlotSearchState
import java.time.LocalDate

/** What the search form's controls do; each forwards to an intent or navigates. */
class SearchFormActions(
    val onChangeService: () -> Unit,
    val onToggleOffice: (UInt) -> Unit,
    val onPeriod: (LocalDate, LocalDate) -> Unit,
    val onSearch: () -> Unit,
    val onRetry: () -> Unit,
    val onSlot: (SlotRow) -> Unit,
    val onWatch: () -> Unit,
    val onWatches: () -> Unit
)

/**
 * The search once a service is chosen: offices (none chosen = all), the period, "search",
 * and below it what the search found, per [SlotSearchState.phase].
 */
@Composable
fun SearchForm(state: SlotSearchState, serviceName: String, watchError: ErrorKind?, actions: SearchFormActions) {
    var picking by rememberSaveable { mutableStateOf(false) }
    var watchAdded by rememberSaveable { mutableStateOf(false) }
    LaunchedEffect(state.phase) { if (state.phase == SearchPhase.SEARCHING) watchAdded = false }
    LazyColumn(
        modifier = Modifier.fillMaxSize(),
        contentPadding = PaddingValues(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp)
    ) {
        item(key = "service") {
            Column {
                SectionTitle(R.string.search_service)
                Text(serviceName, style = MaterialTheme.typography.bodyLarge)
                TextButton(onClick = actions.onChangeService, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                    Text(stringResource(R.string.search_service_change))
                }
            }
        }
        item(key = "offices") { OfficeChips(state, actions.onToggleOffice) }
        item(key = "period") {
            Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                SectionTitle(R.string.search_period)
                Text(state.period, style = MaterialTheme.typography.bodyLarge)
                OutlinedButton(onClick = { picking = true }, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                    Icon(Icons.Filled.DateRange, contentDescription = null, modifier = Modifier.size(18.dp))
                    Text(stringResource(R.string.search_period_change), modifier = Modifier.padding(start = 8.dp))
                }
            }
        }
        item(key = "search") {
            Button(
                onClick = actions.onSearch,
                enabled = state.phase != SearchPhase.SEARCHING && state.phase != SearchPhase.CHOOSE_SERVICE,
                modifier = Modifier
                    .fillMaxWidth()
                    .heightIn(min = MinTouchTarget)
            ) {
                Text(stringResource(R.string.search_button))
            }
        }
        results(state, watchAdded, watchError, actions) {
            watchAdded = true
            actions.onWatch()
        }
    }
    if (picking) {
        PeriodPickerDialog(
            from = state.from,
            to = state.to,
            onDismiss = { picking = false },
            onPicked = { from, to ->
                picking = false
                actions.onPeriod(from, to)
            }
        )
    }
}

@Composable
private fun SectionTitle(@StringRes text: Int) {
    Text(
        stringResource(text),
        style = MaterialTheme.typography.titleMedium,
        modifier = Modifier.semantics {
            heading()
        }
    )
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun OfficeChips(state: SlotSearchState, onToggle: (UInt) -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        SectionTitle(R.string.search_offices)
        when {
            state.phase == SearchPhase.CHOOSE_SERVICE -> Text(stringResource(R.string.search_offices_loading))

            // The error and its retry are shown below the search button.
            state.offices.isEmpty() && state.phase == SearchPhase.ERROR -> Unit

            state.offices.isEmpty() -> Text(stringResource(R.string.search_offices_none))

            else -> {
                Text(stringResource(R.string.search_offices_hint), style = MaterialTheme.typography.bodyMedium)
                // FilterChip: TalkBack reads each as a checkbox, checked or not; 48 dp touch target.
                FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    state.offices.forEach { office ->
                        val selected = office.id in state.selectedOffices
                        FilterChip(
                            selected = selected,
                            onClick = { onToggle(office.id) },
                            label = { Text(office.name) },
                            leadingIcon = if (selected) {
                                { Icon(Icons.Filled.Check, null, Modifier.size(FilterChipDefaults.IconSize)) }
                            } else {
                                null
                            }
                        )
                    }
                }
            }
        }
    }
}

private fun LazyListScope.results(
    state: SlotSearchState,
    watchAdded: Boolean,
    watchError: ErrorKind?,
    actions: SearchFormActions,
    onWatch: () -> Unit
) {
    val status = Modifier.semantics { liveRegion = LiveRegionMode.Polite }
    when (state.phase) {
        SearchPhase.SEARCHING -> item(key = "searching") {
            Row(status, verticalAlignment = Alignment.CenterVertically) {
                CircularProgressIndicator(Modifier.size(24.dp))
                Text(stringResource(R.string.search_searching), modifier = Modifier.padding(start = 12.dp))
            }
        }

        SearchPhase.RESULTS -> {
            item(key = "results") {
                Text(
                    stringResource(R.string.search_results),
                    style = MaterialTheme.typography.titleLarge,
                    modifier = status.semantics { heading() }
                )
            }
            failedOffices(state.failedOffices)
            items(state.slots) { row ->
                SlotItem(row) { actions.onSlot(row) }
                HorizontalDivider()
            }
        }

        SearchPhase.NO_RESULTS -> {
            item(key = "none") { Text(stringResource(R.string.search_no_results), modifier = status) }
            failedOffices(state.failedOffices)
            item(key = "watch") {
                if (watchAdded) {
                    Column(status) {
                        Text(stringResource(R.string.search_watch_added))
                        watchError?.let { Text(stringResource(it.message()), color = MaterialTheme.colorScheme.error) }
                        TextButton(onClick = actions.onWatches, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                            Text(stringResource(R.string.search_watch_show))
                        }
                    }
                } else {
                    OutlinedButton(onClick = onWatch, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                        Icon(Icons.Filled.Notifications, contentDescription = null, modifier = Modifier.size(18.dp))
                        Text(stringResource(R.string.search_watch), modifier = Modifier.padding(start = 8.dp))
                    }
                }
            }
        }

        SearchPhase.ERROR -> item(key = "error") {
            Column(status) {
                Text(
                    stringResource((state.error ?: ErrorKind.OTHER).message()),
                    color = MaterialTheme.colorScheme.error
                )
                Button(onClick = actions.onRetry, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                    Text(stringResource(R.string.action_retry))
                }
            }
        }

        SearchPhase.LOADING, SearchPhase.CHOOSE_SERVICE, SearchPhase.READY -> Unit
    }
}

private fun LazyListScope.failedOffices(count: Int) {
    if (count == 0) return
    item(key = "failed") {
        Text(
            pluralStringResource(R.plurals.search_failed_offices, count, count),
            style = MaterialTheme.typography.bodyMedium,
            color = MaterialTheme.colorScheme.onSurfaceVariant
        )
    }
}
