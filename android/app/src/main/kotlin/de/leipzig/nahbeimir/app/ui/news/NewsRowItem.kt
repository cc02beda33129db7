package de.leipzig.nahbeimir.app.ui.news

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.presentation.news.NewsRow

/**
 * One news row (list and home): date, title, teaser, categories and, while unread, a dot
 * that TalkBack reads as "unread". The whole row is one touch target.
 */
@Composable
fun NewsRowItem(row: NewsRow, onClick: () -> Unit) {
    ListItem(
        modifier = Modifier.clickable(onClick = onClick),
        leadingContent = { UnreadDot(row.unread) },
        overlineContent = row.published?.let { { Text(it) } },
        headlineContent = {
            Text(
                row.title,
                style = MaterialTheme.typography.titleMedium,
                fontWeight = if (row.unread) FontWeight.SemiBold else FontWeight.Normal
            )
        },
        supportingContent = {
            Column {
                if (row.teaser.isNotEmpty()) Text(row.teaser, maxLines = 3, overflow = TextOverflow.Ellipsis)
                if (row.categories.isNotEmpty()) {
                    Text(
                        row.categories,
                        style = MaterialTheme.typography.labelMedium,
                        color = MaterialTheme.colorScheme.primary
                    )
                }
            }
        }
    )
}

@Composable
private fun UnreadDot(unread: Boolean) {
    val description = stringResource(R.string.news_unread)
    // A read row keeps the dot's space, so titles stay aligned.
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
