package de.leipzig.nahbeimir.app.ui.appointments

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.Delete
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.Banner
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.core.Office
import de.leipzig.nahbeimir.core.Slot
import de.leipzig.nahbeimir.core.WatchState
import de.leipzig.nahbeimir.presentation.appointments.WatchRow
import kotlinx.coroutines.launch

/**
 * "Tell me when a slot frees up": the watches, each with its service ([serviceNames] as far
 * as a search loaded them, else its number), period and state, and the free slots the city
 * found as offers to book ([officeOf] reads the office the booking form needs). Pull to
 * refresh asks the city what it found.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun WatchesScreen(
    viewModel: WatchesViewModel,
    serviceNames: Map<UInt, String>,
    officeOf: suspend (Slot) -> Office?,
    onBook: (Slot, Office) -> Unit,
    onSearch: () -> Unit,
    onBack: () -> Unit
) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val snackbar = remember { SnackbarHostState() }
    val book: (Slot) -> Unit = { slot ->
        scope.launch {
            val office = officeOf(slot)
            if (office != null) {
                onBook(slot, office)
            } else {
                snackbar.showSnackbar(context.getString(R.string.watch_office_failed))
            }
        }
    }

    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(R.string.watches_title), onBack = onBack) {
                IconButton(onClick = viewModel::refresh, enabled = !state.refreshing) {
                    Icon(Icons.Filled.Refresh, contentDescription = stringResource(R.string.action_refresh))
                }
            }
        },
        snackbarHost = { SnackbarHost(snackbar) }
    ) { padding ->
        PullToRefreshBox(
            isRefreshing = state.refreshing,
            onRefresh = viewModel::refresh,
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            if (state.watches.isEmpty() && state.error == null) {
                FullScreenMessage(
                    stringResource(R.string.watches_empty),
                    actionLabel = stringResource(R.string.appointments_search),
                    onAction = onSearch
                )
            } else {
                LazyColumn(
                    modifier = Modifier.fillMaxSize(),
                    contentPadding = PaddingValues(16.dp),
                    verticalArrangement = Arrangement.spacedBy(12.dp)
                ) {
                    state.error?.let { error ->
                        item(key = "error") {
                            val colors = MaterialTheme.colorScheme
                            Banner(
                                stringResource(error.message()),
                                colors.errorContainer,
                                colors.onErrorContainer,
                                onRetry = viewModel::refresh
                            )
                        }
                    }
                    items(state.watches, key = { it.id }) { row ->
                        WatchCard(
                            row,
                            serviceName = serviceNames[row.serviceId]
                                ?: stringResource(R.string.watch_service_unknown, row.serviceId.toString()),
                            onBook = book,
                            onRemove = { viewModel.remove(row.id) }
                        )
                    }
                }
            }
        }
    }
}

@Composable
private fun WatchCard(row: WatchRow, serviceName: String, onBook: (Slot) -> Unit, onRemove: () -> Unit) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Row(verticalAlignment = Alignment.CenterVertically) {
                Text(
                    serviceName,
                    style = MaterialTheme.typography.titleMedium,
                    modifier = Modifier
                        .weight(1f)
                        .semantics { heading() }
                )
                IconButton(onClick = onRemove, enabled = row.state != WatchState.REMOVING) {
                    Icon(
                        Icons.Filled.Delete,
                        contentDescription = stringResource(R.string.watch_remove, serviceName)
                    )
                }
            }
            Text(stringResource(R.string.watch_period, row.period), style = MaterialTheme.typography.bodyMedium)
            WatchStateChip(row.state)
            if (row.matches.isNotEmpty()) {
                Text(
                    stringResource(R.string.watch_matches),
                    style = MaterialTheme.typography.titleSmall,
                    modifier = Modifier
                        .padding(top = 8.dp)
                        .semantics { heading() }
                )
                row.matches.forEach { match ->
                    SlotItem(match) { onBook(match.slot) }
                    HorizontalDivider()
                }
            } else if (row.state == WatchState.ACTIVE) {
                Text(
                    stringResource(R.string.watch_no_matches),
                    style = MaterialTheme.typography.bodyMedium,
                    color = MaterialTheme.colorScheme.onSurfaceVariant
                )
            }
        }
    }
}

/** Like the appointment badges: outlined while only this phone knows, filled once the city has it. */
@Composable
private fun WatchStateChip(state: WatchState) {
    val colors = MaterialTheme.colorScheme
    when (state) {
        WatchState.SAVED ->
            StatusChip(
                R.string.watch_state_saved,
                Icons.Filled.Refresh,
                colors.surface,
                colors.tertiary,
                onPhoneOnly = true
            )

        WatchState.ACTIVE ->
            StatusChip(
                R.string.watch_state_active,
                Icons.Filled.Check,
                colors.primaryContainer,
                colors.onPrimaryContainer
            )

        WatchState.REMOVING ->
            StatusChip(
                R.string.watch_state_removing,
                Icons.Filled.Refresh,
                colors.surface,
                colors.tertiary,
                onPhoneOnly = true
            )

        WatchState.FAILED ->
            StatusChip(
                R.string.watch_state_failed,
                Icons.Filled.Warning,
                colors.errorContainer,
                colors.onErrorContainer
            )
    }
}
