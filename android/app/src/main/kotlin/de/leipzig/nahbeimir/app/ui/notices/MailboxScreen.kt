// The mailbox of official notices (Bescheide): unread dots, the next deadline, at-risk badges.
package de.leipzig.nahbeimir.app.ui.notices

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.Banner
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.notices.DeadlineRow
import de.leipzig.nahbeimir.presentation.notices.MailboxBanner
import de.leipzig.nahbeimir.presentation.notices.MailboxPhase
import de.leipzig.nahbeimir.presentation.notices.MailboxState
import de.leipzig.nahbeimir.presentation.notices.NoticeRow

/**
 * The citizen's official notices, newest first: an unread dot until opened, the office, the
 * date, the amount, the nearest deadline with its days and a badge when a deadline is at
 * risk. On top the next deadline of all and how many are at risk. From the phone at once
 * (also offline, with a banner), refreshed by pulling down or the refresh button. The top bar
 * leads to all deadlines; the end of the list to the archive. Without a login it offers one.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun MailboxScreen(
    viewModel: MailboxViewModel,
    onOpen: (String) -> Unit,
    onDeadlines: () -> Unit,
    onLogin: () -> Unit,
    onBack: () -> Unit
) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val title = if (state.showingArchived) R.string.notices_archive_title else R.string.notices_title
    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(title), onBack = onBack) {
                IconButton(onClick = onDeadlines) {
                    Icon(Icons.Filled.DateRange, contentDescription = stringResource(R.string.deadlines_title))
                }
                IconButton(onClick = viewModel::refresh, enabled = !state.refreshing) {
                    Icon(Icons.Filled.Refresh, contentDescription = stringResource(R.string.notices_refresh))
                }
            }
        }
    ) { padding ->
        PullToRefreshBox(
            isRefreshing = state.refreshing,
            onRefresh = viewModel::refresh,
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            MailboxContent(state, viewModel, onOpen, onDeadlines, onLogin)
        }
    }
}

@Composable
private fun MailboxContent(
    state: MailboxState,
    viewModel: MailboxViewModel,
    onOpen: (String) -> Unit,
    onDeadlines: () -> Unit,
    onLogin: () -> Unit
) {
    val archive = { viewModel.showArchived(!state.showingArchived) }
    when (state.phase) {
        MailboxPhase.LOADING -> FullScreenMessage(stringResource(R.string.notices_loading))

        MailboxPhase.EMPTY -> if (state.showingArchived) {
            FullScreenMessage(
                stringResource(R.string.notices_archive_empty),
                actionLabel = stringResource(R.string.notices_show_mailbox),
                onAction = archive
            )
        } else {
            FullScreenMessage(
                stringResource(R.string.notices_empty),
                actionLabel = stringResource(R.string.notices_refresh),
                onAction = viewModel::refresh
            )
        }

        MailboxPhase.ERROR -> if (state.error == ErrorKind.UNAUTHORIZED) {
            FullScreenMessage(
                stringResource(R.string.notices_login_needed),
                actionLabel = stringResource(R.string.account_login),
                onAction = onLogin
            )
        } else {
            FullScreenMessage(
                stringResource((state.error ?: ErrorKind.OTHER).message()),
                actionLabel = stringResource(R.string.action_retry).takeIf { state.canRetry },
                onAction = viewModel::refresh
            )
        }

        MailboxPhase.CONTENT -> LazyColumn(
            modifier = Modifier.fillMaxSize(),
            contentPadding = PaddingValues(bottom = 16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp)
        ) {
            state.banner?.let { banner -> item(key = "banner") { MailboxBannerRow(banner, viewModel::refresh) } }
            if (!state.showingArchived) {
                item(key = "summary") { Summary(state, onDeadlines) }
            }
            items(state.rows, key = { it.id }) { row ->
                NoticeCard(
                    row,
                    onOpen = { onOpen(row.id) },
                    onRestore = { viewModel.archive(row.id, false) }.takeIf { state.showingArchived }
                )
            }
            item(key = "archive") {
                TextButton(
                    onClick = archive,
                    modifier = Modifier
                        .padding(horizontal = 16.dp)
                        .heightIn(min = MinTouchTarget)
                ) {
                    Text(
                        stringResource(
                            if (state.showingArchived) R.string.notices_show_mailbox else R.string.notices_show_archive
                        )
                    )
                }
            }
        }
    }
}

@Composable
private fun MailboxBannerRow(banner: MailboxBanner, onRetry: () -> Unit) {
    val colors = MaterialTheme.colorScheme
    when (banner) {
        MailboxBanner.OFFLINE -> Banner(
            stringResource(R.string.notices_banner_offline),
            color = colors.secondaryContainer,
            onColor = colors.onSecondaryContainer,
            onRetry = onRetry
        )

        MailboxBanner.REFRESH_FAILED -> Banner(
            stringResource(R.string.notices_banner_failed),
            color = colors.errorContainer,
            onColor = colors.onErrorContainer,
            onRetry = onRetry
        )
    }
}

/** The next deadline of all notices, and how many deadlines are at risk. */
@Composable
private fun Summary(state: MailboxState, onDeadlines: () -> Unit) {
    val next = state.nextDeadline
    if (next == null && state.atRisk == 0) return
    Card(
        onClick = onDeadlines,
        colors = if (state.atRisk > 0) {
            CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.errorContainer)
        } else {
            CardDefaults.cardColors()
        },
        modifier = Modifier
            .fillMaxWidth()
            .padding(horizontal = 16.dp)
    ) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            if (state.atRisk > 0) {
                Text(
                    pluralStringResource(R.plurals.notices_at_risk, state.atRisk, state.atRisk),
                    style = MaterialTheme.typography.titleMedium,
                    fontWeight = FontWeight.Bold
                )
            }
            next?.let { NextDeadline(it) }
        }
    }
}

@Composable
private fun NextDeadline(row: DeadlineRow) {
    Text(stringResource(R.string.notices_next_deadline), style = MaterialTheme.typography.labelMedium)
    Text(row.noticeSubject, style = MaterialTheme.typography.bodyLarge)
    DeadlineLine(row)
}

/** One notice: unread dot, kind, subject, office, date, amount, the next deadline and badges. */
@Composable
private fun NoticeCard(row: NoticeRow, onOpen: () -> Unit, onRestore: (() -> Unit)?) {
    Card(
        onClick = onOpen,
        modifier = Modifier
            .fillMaxWidth()
            .padding(horizontal = 16.dp)
    ) {
        Row(Modifier.padding(16.dp), horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            Column(Modifier.padding(top = 6.dp)) { NoticeUnreadDot(row.unread) }
            Column(Modifier.weight(1f), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(
                    stringResource(
                        if (row.bescheid) R.string.notice_kind_bescheid else R.string.notice_kind_mitteilung
                    ),
                    style = MaterialTheme.typography.labelMedium
                )
                Text(
                    row.subject,
                    style = MaterialTheme.typography.titleMedium,
                    fontWeight = if (row.unread) FontWeight.SemiBold else FontWeight.Normal,
                    modifier = Modifier.semantics { heading() }
                )
                Text(row.office, style = MaterialTheme.typography.bodyMedium)
                Text(stringResource(R.string.notice_issued, row.issued), style = MaterialTheme.typography.bodyMedium)
                row.amount?.let {
                    Text(
                        stringResource(if (row.paid) R.string.notice_amount_paid else R.string.notice_amount, it),
                        style = MaterialTheme.typography.bodyLarge
                    )
                }
                row.nextDeadline?.let { deadline ->
                    Row(
                        verticalAlignment = Alignment.CenterVertically,
                        horizontalArrangement = Arrangement.spacedBy(8.dp)
                    ) {
                        Text(deadline.name, style = MaterialTheme.typography.bodyMedium)
                        DeadlineChip(deadline)
                    }
                }
                if (row.atRisk && row.nextDeadline?.atRisk != true) {
                    Text(
                        stringResource(R.string.notice_deadline_at_risk),
                        style = MaterialTheme.typography.bodyMedium,
                        color = MaterialTheme.colorScheme.error
                    )
                }
                if (row.notRetrievable) {
                    Text(
                        stringResource(R.string.notice_not_retrievable),
                        style = MaterialTheme.typography.bodyMedium,
                        color = MaterialTheme.colorScheme.onSurfaceVariant
                    )
                }
                if (onRestore != null) {
                    TextButton(onClick = onRestore, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                        Text(stringResource(R.string.notice_restore))
                    }
                }
            }
        }
    }
}
