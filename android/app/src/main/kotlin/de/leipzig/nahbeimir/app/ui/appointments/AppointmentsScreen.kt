package de.leipzig.nahbeimir.app.ui.appointments

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyListScope
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Notifications
import androidx.compose.material.icons.filled.Search
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.ExtendedFloatingActionButton
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.Banner
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.appointments.AppointmentRow
import de.leipzig.nahbeimir.presentation.appointments.MyAppointmentsState
import kotlinx.coroutines.launch

/**
 * "Meine Termine", the entry of the appointments feature: upcoming and past appointments
 * from the phone (offline too), banners while actions wait for the city or were refused,
 * per appointment cancel (asked first), rebook and add to calendar; pull to refresh sends
 * what waits. "Find an appointment" opens the search, the top bar the watches and reminders.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun AppointmentsScreen(
    viewModel: MyAppointmentsViewModel,
    onSearch: () -> Unit,
    onRebook: (serviceId: UInt, row: AppointmentRow) -> Unit,
    onWatches: () -> Unit,
    onBack: () -> Unit
) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val snackbar = remember { SnackbarHostState() }
    fun say(@StringRes text: Int) {
        scope.launch { snackbar.showSnackbar(context.getString(text)) }
    }
    val requestReminders =
        rememberReminderRequest(viewModel.reminders, viewModel::enableReminders) { say(it.message()) }
    // The process id as Long: rememberSaveable cannot store a UInt in the saved state.
    var cancelling by rememberSaveable { mutableStateOf<Long?>(null) }

    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(R.string.appointments_title), onBack = onBack) {
                TextButton(onClick = onWatches, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                    Text(stringResource(R.string.watches_title))
                }
                IconButton(onClick = requestReminders) {
                    Icon(Icons.Filled.Notifications, contentDescription = stringResource(R.string.reminders_enable))
                }
            }
        },
        floatingActionButton = {
            ExtendedFloatingActionButton(
                text = { Text(stringResource(R.string.appointments_search)) },
                icon = { Icon(Icons.Filled.Search, contentDescription = null) },
                onClick = onSearch
            )
        },
        snackbarHost = { SnackbarHost(snackbar) }
    ) { padding ->
        PullToRefreshBox(
            // The holder does not report when its send is done: the indicator only acknowledges the pull.
            isRefreshing = false,
            onRefresh = viewModel::sync,
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            if (state.loading) {
                FullScreenMessage(stringResource(R.string.appointments_loading))
            } else {
                AppointmentList(
                    state,
                    onSync = viewModel::sync,
                    onCancel = { row -> cancelling = row.processId.toLong() },
                    onRebook = { row -> onRebook(row.serviceId, row) },
                    onCalendar = { row ->
                        scope.launch {
                            exportToCalendar(context, row.processId, viewModel.calendarFile(row.processId))?.let(::say)
                        }
                    }
                )
            }
        }
    }

    val target = cancelling?.let { id -> state.upcoming.firstOrNull { it.processId.toLong() == id } }
    if (target != null) {
        CancelDialog(
            target,
            onConfirm = {
                viewModel.cancel(target.processId)
                cancelling = null
            },
            onDismiss = { cancelling = null }
        )
    }
}

@Composable
private fun AppointmentList(
    state: MyAppointmentsState,
    onSync: () -> Unit,
    onCancel: (AppointmentRow) -> Unit,
    onRebook: (AppointmentRow) -> Unit,
    onCalendar: (AppointmentRow) -> Unit
) {
    val colors = MaterialTheme.colorScheme
    LazyColumn(
        modifier = Modifier.fillMaxSize(),
        // Room below the last card for the floating button.
        contentPadding = PaddingValues(start = 16.dp, end = 16.dp, top = 8.dp, bottom = 96.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp)
    ) {
        if (state.waitingActions > 0) {
            item(key = "waiting") {
                Banner(
                    pluralStringResource(R.plurals.appointments_waiting, state.waitingActions, state.waitingActions),
                    color = colors.secondaryContainer,
                    onColor = colors.onSecondaryContainer,
                    onRetry = onSync
                )
            }
        }
        if (state.refusedActions > 0) {
            item(key = "refused") {
                Banner(
                    pluralStringResource(R.plurals.appointments_refused, state.refusedActions, state.refusedActions),
                    color = colors.errorContainer,
                    onColor = colors.onErrorContainer
                )
            }
        }
        state.error?.let { error ->
            item(key = "error") {
                Banner(
                    stringResource(error.message()),
                    colors.errorContainer,
                    colors.onErrorContainer,
                    onRetry = onSync
                )
            }
        }
        if (state.upcoming.isEmpty() && state.past.isEmpty()) {
            item(key = "empty") {
                Text(stringResource(R.string.appointments_empty), style = MaterialTheme.typography.bodyLarge)
            }
        }
        section(R.string.appointments_upcoming, state.upcoming, onCancel, onRebook, onCalendar)
        section(R.string.appointments_past, state.past, onCancel, onRebook, onCalendar)
    }
}

private fun LazyListScope.section(
    @StringRes title: Int,
    rows: List<AppointmentRow>,
    onCancel: (AppointmentRow) -> Unit,
    onRebook: (AppointmentRow) -> Unit,
    onCalendar: (AppointmentRow) -> Unit
) {
    if (rows.isEmpty()) return
    item(key = "title-$title") {
        Text(
            stringResource(title),
            style = MaterialTheme.typography.titleLarge,
            modifier = Modifier.semantics { heading() }
        )
    }
    // Keys as Long: lazy list keys must fit in a Bundle, a UInt does not.
    items(rows, key = { it.processId.toLong() }) { row ->
        if (row.changeable) {
            AppointmentCard(
                row,
                onCancel = { onCancel(row) },
                onRebook = { onRebook(row) },
                onCalendar = { onCalendar(row) }
            )
        } else {
            AppointmentCard(row)
        }
    }
}

@Composable
private fun CancelDialog(row: AppointmentRow, onConfirm: () -> Unit, onDismiss: () -> Unit) {
    // onDismissRequest also runs on the system back button and an outside tap.
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(stringResource(R.string.appointment_cancel_title)) },
        text = { Text(stringResource(R.string.appointment_cancel_text, row.service, row.office, row.start)) },
        confirmButton = {
            TextButton(
                onClick = onConfirm,
                colors = ButtonDefaults.textButtonColors(contentColor = MaterialTheme.colorScheme.error)
            ) {
                Text(stringResource(R.string.appointment_cancel_confirm))
            }
        },
        dismissButton = {
            TextButton(onClick = onDismiss) { Text(stringResource(R.string.appointment_cancel_keep)) }
        }
    )
}
