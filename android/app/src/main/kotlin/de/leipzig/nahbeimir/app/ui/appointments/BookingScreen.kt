package de.leipzig.nahbeimir.app.ui.appointments

import androidx.activity.compose.BackHandler
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Notifications
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.core.Slot
import de.leipzig.nahbeimir.presentation.appointments.AppointmentBadge
import de.leipzig.nahbeimir.presentation.appointments.AppointmentRow
import de.leipzig.nahbeimir.presentation.appointments.BookingPhase
import de.leipzig.nahbeimir.presentation.appointments.BookingState
import de.leipzig.nahbeimir.presentation.appointments.SlotRow
import kotlinx.coroutines.launch

/**
 * Booking one slot: its summary and the office's notes, the contact form the office asks for,
 * then the outcome per [BookingState.phase]: booked (calendar, reminders), taken (pick an
 * alternative), expired (nothing booked, search again). [serviceName] when the search knew
 * it; [rebooking] when this replaces an appointment: once the new one is booked, the old one
 * is cancelled (or its cancellation waits on the phone until the city is reachable).
 */
@Composable
fun BookingScreen(
    viewModel: BookingViewModel,
    serviceName: String?,
    rebooking: AppointmentRow?,
    onSearchAgain: (serviceId: UInt) -> Unit,
    onDone: () -> Unit,
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
    val booking = state.phase == BookingPhase.BOOKING
    val booked = state.phase == BookingPhase.BOOKED
    // Leaving while the city answers would abandon the booking half-way: back waits for the answer.
    BackHandler(enabled = booking) {}
    // Once booked, back leads to "my appointments", not to the search results that are outdated now.
    BackHandler(enabled = booked, onBack = onDone)
    val serviceId = state.slot.slot.serviceId

    Scaffold(
        topBar = {
            LeipzigTopBar(
                stringResource(R.string.booking_title),
                onBack = when {
                    booking -> null
                    booked -> onDone
                    else -> onBack
                }
            )
        },
        snackbarHost = { SnackbarHost(snackbar) }
    ) { padding ->
        Column(
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp)
        ) {
            when (state.phase) {
                BookingPhase.BOOKED -> Booked(
                    state,
                    onCalendar = { processId ->
                        scope.launch {
                            exportToCalendar(context, processId, viewModel.calendarFile(processId))?.let(::say)
                        }
                    },
                    onReminders = requestReminders,
                    onDone = onDone
                )

                BookingPhase.SLOT_TAKEN -> {
                    Summary(state, serviceName)
                    SlotTaken(state.alternatives, viewModel::chooseAlternative) { onSearchAgain(serviceId) }
                }

                BookingPhase.EXPIRED -> {
                    Summary(state, serviceName)
                    Notice(R.string.booking_expired)
                    Button(onClick = { onSearchAgain(serviceId) }, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                        Text(stringResource(R.string.booking_search_again))
                    }
                }

                BookingPhase.EDITING, BookingPhase.BOOKING, BookingPhase.ERROR -> {
                    rebooking?.takeIf {
                        state.rebooking
                    }?.let { Text(stringResource(R.string.booking_rebook_hint, it.start)) }
                    Summary(state, serviceName)
                    BookingForm(
                        state,
                        onName = viewModel::updateName,
                        onEmail = viewModel::updateEmail,
                        onPhone = viewModel::updatePhone,
                        onSubmit = viewModel::submit
                    )
                }
            }
        }
    }
}

@Composable
private fun Summary(state: BookingState, serviceName: String?) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(
            stringResource(R.string.booking_summary),
            style = MaterialTheme.typography.titleMedium,
            modifier = Modifier.semantics { heading() }
        )
        serviceName?.let { Text(it, style = MaterialTheme.typography.bodyLarge) }
        Text(state.slot.start, style = MaterialTheme.typography.titleLarge)
        Text(state.office.name, style = MaterialTheme.typography.bodyLarge)
        Text(
            state.office.address,
            style = MaterialTheme.typography.bodyMedium,
            color = MaterialTheme.colorScheme.onSurfaceVariant
        )
    }
    state.office.info?.takeIf { it.isNotBlank() }?.let { OfficeInfo(it) }
}

@Composable
private fun OfficeInfo(info: String) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(
            stringResource(R.string.booking_office_info),
            style = MaterialTheme.typography.titleSmall,
            modifier = Modifier.semantics { heading() }
        )
        Text(info, style = MaterialTheme.typography.bodyMedium)
    }
}

/** A message TalkBack announces when it appears. */
@Composable
private fun Notice(@StringRes text: Int) {
    Text(
        stringResource(text),
        style = MaterialTheme.typography.bodyLarge,
        modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite }
    )
}

@Composable
private fun SlotTaken(alternatives: List<SlotRow>, onChoose: (Slot) -> Unit, onSearchAgain: () -> Unit) {
    Notice(R.string.booking_taken)
    if (alternatives.isEmpty()) {
        Text(stringResource(R.string.booking_no_alternatives))
        Button(onClick = onSearchAgain, modifier = Modifier.heightIn(min = MinTouchTarget)) {
            Text(stringResource(R.string.booking_search_again))
        }
    } else {
        Text(
            stringResource(R.string.booking_alternatives),
            style = MaterialTheme.typography.titleMedium,
            modifier = Modifier.semantics { heading() }
        )
        Column {
            alternatives.forEach { row ->
                SlotItem(row) { onChoose(row.slot) }
                HorizontalDivider()
            }
        }
        TextButton(onClick = onSearchAgain, modifier = Modifier.heightIn(min = MinTouchTarget)) {
            Text(stringResource(R.string.booking_search_again))
        }
    }
}

@Composable
private fun Booked(state: BookingState, onCalendar: (UInt) -> Unit, onReminders: () -> Unit, onDone: () -> Unit) {
    val booked = state.booked ?: return
    // The badge says whether the city confirmed it or waits for the link in its e-mail.
    Notice(if (booked.badge == AppointmentBadge.BOOKED) R.string.booking_booked else R.string.booking_not_confirmed)
    AppointmentCard(booked)
    state.office.info?.takeIf { it.isNotBlank() }?.let { OfficeInfo(it) }
    state.replaced?.let { old ->
        val text = if (old.badge ==
            AppointmentBadge.CANCELLED
        ) {
            R.string.booking_replaced
        } else {
            R.string.booking_replaced_pending
        }
        Text(stringResource(text, old.start))
    }
    WideButton(R.string.appointment_calendar, Icons.Filled.DateRange, primary = true) { onCalendar(booked.processId) }
    WideButton(R.string.reminders_enable, Icons.Filled.Notifications, primary = false, onClick = onReminders)
    TextButton(onClick = onDone, modifier = Modifier.heightIn(min = MinTouchTarget)) {
        Text(stringResource(R.string.booking_done))
    }
}

@Composable
private fun WideButton(@StringRes label: Int, icon: ImageVector, primary: Boolean, onClick: () -> Unit) {
    val modifier = Modifier
        .fillMaxWidth()
        .heightIn(min = MinTouchTarget)
    val content: @Composable () -> Unit = {
        Icon(icon, contentDescription = null, modifier = Modifier.size(18.dp))
        Text(stringResource(label), modifier = Modifier.padding(start = 8.dp))
    }
    if (primary) {
        Button(onClick = onClick, modifier = modifier) { content() }
    } else {
        OutlinedButton(onClick = onClick, modifier = modifier) { content() }
    }
}
