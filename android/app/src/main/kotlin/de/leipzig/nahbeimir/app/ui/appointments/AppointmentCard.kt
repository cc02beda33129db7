package de.leipzig.nahbeimir.app.ui.appointments

import androidx.annotation.StringRes
import androidx.compose.foundation.BorderStroke
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.KeyboardArrowRight
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.Close
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Search
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.ButtonColors
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.Card
import androidx.compose.material3.Icon
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.presentation.appointments.AppointmentBadge
import de.leipzig.nahbeimir.presentation.appointments.AppointmentRow
import de.leipzig.nahbeimir.presentation.appointments.SlotRow

/**
 * One appointment: service, start, office, address and its badge; with [onCancel],
 * [onRebook] and [onCalendar] when given (the screen passes them for changeable rows).
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun AppointmentCard(
    row: AppointmentRow,
    onCancel: (() -> Unit)? = null,
    onRebook: (() -> Unit)? = null,
    onCalendar: (() -> Unit)? = null
) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(row.service, style = MaterialTheme.typography.titleMedium, modifier = Modifier.semantics { heading() })
            Text(row.start, style = MaterialTheme.typography.bodyLarge)
            Text(row.office, style = MaterialTheme.typography.bodyMedium)
            Text(
                row.address,
                style = MaterialTheme.typography.bodyMedium,
                color = MaterialTheme.colorScheme.onSurfaceVariant
            )
            AppointmentBadgeChip(row.badge, Modifier.padding(top = 4.dp))
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                onCalendar?.let { RowAction(R.string.appointment_calendar, Icons.Filled.DateRange, it) }
                onRebook?.let { RowAction(R.string.appointment_rebook, Icons.Filled.Search, it) }
                onCancel?.let {
                    val danger = ButtonDefaults.textButtonColors(contentColor = MaterialTheme.colorScheme.error)
                    RowAction(R.string.appointment_cancel, Icons.Filled.Close, it, danger)
                }
            }
        }
    }
}

@Composable
private fun RowAction(
    @StringRes label: Int,
    icon: ImageVector,
    onClick: () -> Unit,
    colors: ButtonColors = ButtonDefaults.textButtonColors()
) {
    TextButton(onClick = onClick, colors = colors, modifier = Modifier.heightIn(min = MinTouchTarget)) {
        Icon(icon, contentDescription = null, modifier = Modifier.size(18.dp))
        Text(stringResource(label), modifier = Modifier.padding(start = 8.dp))
    }
}

/**
 * An appointment's badge. What only this phone knows (a saved cancellation) is outlined;
 * what the city has (booked, cancelled) is filled; a refusal is in the error colours.
 * TalkBack reads "Status: …".
 */
@Composable
fun AppointmentBadgeChip(badge: AppointmentBadge, modifier: Modifier = Modifier) {
    val colors = MaterialTheme.colorScheme
    when (badge) {
        AppointmentBadge.BOOKED ->
            StatusChip(
                R.string.badge_booked,
                Icons.Filled.Check,
                colors.primaryContainer,
                colors.onPrimaryContainer,
                modifier = modifier
            )

        AppointmentBadge.NOT_CONFIRMED ->
            StatusChip(
                R.string.badge_not_confirmed,
                Icons.Filled.Info,
                colors.surfaceVariant,
                colors.onSurfaceVariant,
                modifier = modifier
            )

        AppointmentBadge.CANCEL_SAVED ->
            StatusChip(
                R.string.badge_cancel_saved,
                Icons.Filled.Refresh,
                colors.surface,
                colors.tertiary,
                onPhoneOnly = true,
                modifier = modifier
            )

        AppointmentBadge.CANCEL_REFUSED ->
            StatusChip(
                R.string.badge_cancel_refused,
                Icons.Filled.Warning,
                colors.errorContainer,
                colors.onErrorContainer,
                modifier = modifier
            )

        AppointmentBadge.CANCELLED ->
            StatusChip(
                R.string.badge_cancelled,
                Icons.Filled.Close,
                colors.secondaryContainer,
                colors.onSecondaryContainer,
                modifier = modifier
            )
    }
}

/**
 * A status label with an icon. [onPhoneOnly] draws it outlined on the surface: the state is
 * saved on this phone and has not reached the city yet.
 */
@Composable
fun StatusChip(
    @StringRes label: Int,
    icon: ImageVector,
    container: Color,
    content: Color,
    modifier: Modifier = Modifier,
    onPhoneOnly: Boolean = false
) {
    val text = stringResource(label)
    val description = stringResource(R.string.status_description, text)
    Surface(
        color = container,
        contentColor = content,
        shape = MaterialTheme.shapes.small,
        border = if (onPhoneOnly) BorderStroke(1.dp, content) else null,
        modifier = modifier.clearAndSetSemantics { contentDescription = description }
    ) {
        Row(
            modifier = Modifier.padding(horizontal = 8.dp, vertical = 4.dp),
            verticalAlignment = Alignment.CenterVertically,
            horizontalArrangement = Arrangement.spacedBy(6.dp)
        ) {
            Icon(icon, contentDescription = null, modifier = Modifier.size(16.dp))
            Text(text, style = MaterialTheme.typography.labelLarge)
        }
    }
}

/** A free slot: start and office; the whole row is the touch target ("book"). */
@Composable
fun SlotItem(row: SlotRow, onClick: () -> Unit) {
    ListItem(
        headlineContent = { Text(row.start, style = MaterialTheme.typography.titleMedium) },
        supportingContent = { Text(row.office) },
        trailingContent = { Icon(Icons.AutoMirrored.Filled.KeyboardArrowRight, contentDescription = null) },
        modifier = Modifier
            .heightIn(min = MinTouchTarget)
            .clickable(onClickLabel = stringResource(R.string.action_book), onClick = onClick)
    )
}
