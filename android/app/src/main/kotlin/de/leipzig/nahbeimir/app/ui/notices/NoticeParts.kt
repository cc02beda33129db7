// Pieces the notice screens share: the unread dot, deadline chips and lines, the loud
// "not yet received" warning, reply rows and facts.
package de.leipzig.nahbeimir.app.ui.notices

import androidx.annotation.StringRes
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.Close
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.presentation.notices.DeadlineRow
import de.leipzig.nahbeimir.presentation.notices.DeadlineStatus
import de.leipzig.nahbeimir.presentation.notices.ReplyRow
import de.leipzig.nahbeimir.presentation.notices.ReplyStatus

/** The dot of a notice not opened yet; TalkBack reads "ungelesen". A read row keeps its space. */
@Composable
fun NoticeUnreadDot(unread: Boolean) {
    val description = stringResource(R.string.notice_unread)
    val modifier = Modifier.size(10.dp)
    if (unread) {
        Box(
            modifier
                .background(MaterialTheme.colorScheme.primary, CircleShape)
                .semantics { contentDescription = description }
        )
    } else {
        Box(modifier)
    }
}

/**
 * A deadline's days as a chip: "noch 12 Tage", "heute", "abgelaufen", "bezahlt". At risk it
 * is in the error colours with a warning sign; met is filled; passed and not yet fixed are
 * neutral. TalkBack reads the whole deadline, with "Achtung" when at risk.
 */
@Composable
fun DeadlineChip(row: DeadlineRow, modifier: Modifier = Modifier) {
    val c = MaterialTheme.colorScheme
    val (icon, colors) = when {
        row.atRisk -> Icons.Filled.Warning to (c.errorContainer to c.onErrorContainer)
        row.status == DeadlineStatus.MET -> Icons.Filled.Check to (c.primaryContainer to c.onPrimaryContainer)
        row.status == DeadlineStatus.PASSED -> Icons.Filled.Close to (c.surfaceVariant to c.onSurfaceVariant)
        row.status == DeadlineStatus.NOT_FIXED -> Icons.Filled.Info to (c.surfaceVariant to c.onSurfaceVariant)
        else -> Icons.Filled.DateRange to (c.secondaryContainer to c.onSecondaryContainer)
    }
    val due = row.due?.let { stringResource(R.string.notice_deadline_until, it) }
    val spoken = listOfNotNull(
        stringResource(R.string.notice_at_risk).takeIf { row.atRisk },
        row.name,
        due,
        row.remaining
    ).joinToString(", ")
    Chip(
        row.remaining,
        icon,
        colors.first,
        colors.second,
        modifier.clearAndSetSemantics {
            contentDescription = spoken
        }
    )
}

@Composable
private fun Chip(text: String, icon: ImageVector, container: Color, content: Color, modifier: Modifier) {
    Surface(color = container, contentColor = content, shape = MaterialTheme.shapes.small, modifier = modifier) {
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

/** "Widerspruchsfrist bis 28.12.2026" with its chip, and the at-risk warning below. */
@Composable
fun DeadlineLine(row: DeadlineRow, modifier: Modifier = Modifier) {
    Column(modifier, verticalArrangement = Arrangement.spacedBy(4.dp)) {
        val due = row.due?.let { stringResource(R.string.notice_deadline_until, it) }
        Text(
            listOfNotNull(row.name, due).joinToString(" "),
            style = MaterialTheme.typography.bodyLarge
        )
        DeadlineChip(row)
        if (row.atRisk) {
            Text(
                stringResource(R.string.notice_deadline_at_risk),
                style = MaterialTheme.typography.bodyMedium,
                color = MaterialTheme.colorScheme.error
            )
        }
    }
}

/**
 * The loud warning while a reply is only on this phone: "Noch nicht beim Amt eingegangen" and
 * why it matters, in the error colours, announced by TalkBack at once.
 */
@Composable
fun NotReceivedWarning(text: String, detail: String?, modifier: Modifier = Modifier) {
    Surface(
        color = MaterialTheme.colorScheme.errorContainer,
        contentColor = MaterialTheme.colorScheme.onErrorContainer,
        shape = MaterialTheme.shapes.medium,
        modifier = modifier
            .fillMaxWidth()
            .semantics { liveRegion = LiveRegionMode.Assertive }
    ) {
        Row(Modifier.padding(16.dp), horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            Icon(Icons.Filled.Warning, contentDescription = null)
            Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(text, style = MaterialTheme.typography.titleMedium, fontWeight = FontWeight.Bold)
                detail?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
            }
        }
    }
}

/** What a reply does. */
@StringRes
fun ReplyKind.label(): Int = when (this) {
    ReplyKind.ACKNOWLEDGE -> R.string.reply_kind_acknowledge
    ReplyKind.OBJECTION -> R.string.reply_kind_objection
    ReplyKind.UPLOAD_DOCUMENT -> R.string.reply_kind_upload
    ReplyKind.PAY -> R.string.reply_kind_pay
}

/** One reply: what, when, where it stands (not received loudly), the receipt number. */
@Composable
fun ReplyLine(row: ReplyRow) {
    Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
        Text(stringResource(row.kind.label()), style = MaterialTheme.typography.titleSmall)
        Text(stringResource(R.string.reply_created, row.created), style = MaterialTheme.typography.bodyMedium)
        val color = when (row.status) {
            ReplyStatus.RECEIVED -> MaterialTheme.colorScheme.primary
            ReplyStatus.NOT_RECEIVED, ReplyStatus.REFUSED -> MaterialTheme.colorScheme.error
        }
        Text(
            row.statusText,
            style = MaterialTheme.typography.bodyMedium,
            fontWeight = if (row.status == ReplyStatus.NOT_RECEIVED) FontWeight.Bold else FontWeight.Normal,
            color = color
        )
        row.receiptId?.let {
            Text(stringResource(R.string.reply_receipt_id, it), style = MaterialTheme.typography.bodySmall)
        }
        if (row.fileNames.isNotEmpty()) {
            Text(row.fileNames.joinToString(", "), style = MaterialTheme.typography.bodySmall)
        }
    }
}

/** A label and its value. */
@Composable
fun NoticeFact(@StringRes label: Int, value: String) {
    Column {
        Text(stringResource(label), style = MaterialTheme.typography.labelMedium)
        Text(value, style = MaterialTheme.typography.bodyLarge)
    }
}
