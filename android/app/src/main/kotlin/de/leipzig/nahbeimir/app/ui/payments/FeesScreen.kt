// "What I owe": the citizen's fees and notices, to pay in the app.
package de.leipzig.nahbeimir.app.ui.payments

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyListScope
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.List
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
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
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.payments.FeeRow
import de.leipzig.nahbeimir.presentation.payments.FeesBanner
import de.leipzig.nahbeimir.presentation.payments.FeesPhase
import de.leipzig.nahbeimir.presentation.payments.FeesState

/**
 * What the citizen owes the city: open fees and notices (Bescheide) with their amounts and
 * due dates and the total, then those already paid. From the phone at once (also offline,
 * with a banner), refreshed by pulling down or the refresh button. "Pay" leads to the pay
 * screen; the top bar leads to "my payments" (receipts). Without a login it offers one.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun FeesScreen(
    viewModel: FeesViewModel,
    onPay: (FeeRow) -> Unit,
    onHistory: () -> Unit,
    onLogin: () -> Unit,
    onBack: () -> Unit
) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(R.string.fees_title), onBack = onBack) {
                IconButton(onClick = onHistory) {
                    Icon(Icons.AutoMirrored.Filled.List, contentDescription = stringResource(R.string.fees_history))
                }
                IconButton(onClick = viewModel::refresh, enabled = !state.refreshing) {
                    Icon(Icons.Filled.Refresh, contentDescription = stringResource(R.string.fees_refresh))
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
            FeesContent(state, onRetry = viewModel::refresh, onPay = onPay, onLogin = onLogin)
        }
    }
}

@Composable
private fun FeesContent(state: FeesState, onRetry: () -> Unit, onPay: (FeeRow) -> Unit, onLogin: () -> Unit) {
    when (state.phase) {
        FeesPhase.LOADING -> FullScreenMessage(stringResource(R.string.fees_loading))

        FeesPhase.EMPTY -> FullScreenMessage(
            stringResource(R.string.fees_empty),
            actionLabel = stringResource(R.string.fees_refresh),
            onAction = onRetry
        )

        FeesPhase.ERROR -> if (state.error == ErrorKind.UNAUTHORIZED) {
            FullScreenMessage(
                stringResource(R.string.fees_login_needed),
                actionLabel = stringResource(R.string.account_login),
                onAction = onLogin
            )
        } else {
            FullScreenMessage(
                stringResource((state.error ?: ErrorKind.OTHER).message()),
                actionLabel = stringResource(R.string.action_retry).takeIf { state.canRetry },
                onAction = onRetry
            )
        }

        FeesPhase.CONTENT -> LazyColumn(
            modifier = Modifier.fillMaxSize(),
            contentPadding = PaddingValues(bottom = 16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp)
        ) {
            state.banner?.let { banner -> item(key = "banner") { FeesBannerRow(banner, state, onRetry) } }
            state.totalOpen?.let { total ->
                item(key = "total") {
                    Text(
                        stringResource(R.string.fees_total_open, total),
                        style = MaterialTheme.typography.titleMedium,
                        modifier = Modifier.padding(horizontal = 16.dp, vertical = 8.dp)
                    )
                }
            }
            section(R.string.fees_open, state.open, onPay)
            section(R.string.fees_paid, state.paid, onPay)
        }
    }
}

private fun LazyListScope.section(@StringRes title: Int, rows: List<FeeRow>, onPay: (FeeRow) -> Unit) {
    if (rows.isEmpty()) return
    item(key = "section-$title") {
        Text(
            stringResource(title),
            style = MaterialTheme.typography.titleLarge,
            modifier = Modifier
                .padding(horizontal = 16.dp)
                .semantics { heading() }
        )
    }
    items(rows, key = { it.key }) { row -> FeeCard(row, onPay = { onPay(row) }) }
}

@Composable
private fun FeesBannerRow(banner: FeesBanner, state: FeesState, onRetry: () -> Unit) {
    val colors = MaterialTheme.colorScheme
    val retry = onRetry.takeIf { state.canRetry }
    when (banner) {
        FeesBanner.OFFLINE -> Banner(
            stringResource(R.string.fees_banner_offline),
            color = colors.secondaryContainer,
            onColor = colors.onSecondaryContainer,
            onRetry = retry
        )

        FeesBanner.REFRESH_FAILED -> Banner(
            stringResource(R.string.fees_banner_failed),
            color = colors.errorContainer,
            onColor = colors.onErrorContainer,
            onRetry = retry
        )
    }
}

/** One fee: title, office and description, amount, due date, its status and "pay". */
@Composable
private fun FeeCard(row: FeeRow, onPay: () -> Unit) {
    Card(
        Modifier
            .fillMaxWidth()
            .padding(horizontal = 16.dp)
    ) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            if (row.notice) Text(stringResource(R.string.fee_notice), style = MaterialTheme.typography.labelMedium)
            Text(row.title, style = MaterialTheme.typography.titleMedium, modifier = Modifier.semantics { heading() })
            row.office?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
            row.description?.let {
                Text(
                    it,
                    style = MaterialTheme.typography.bodyMedium,
                    color = MaterialTheme.colorScheme.onSurfaceVariant
                )
            }
            Text(row.amount, style = MaterialTheme.typography.headlineSmall)
            row.due?.let { Text(stringResource(R.string.fee_due, it), style = MaterialTheme.typography.bodyMedium) }
            FeeStatusChip(row.status, Modifier.padding(top = 4.dp))
            if (row.canPay) {
                val label = stringResource(R.string.fee_pay_named, row.title)
                Button(
                    onClick = onPay,
                    modifier = Modifier
                        .padding(top = 8.dp)
                        .heightIn(min = MinTouchTarget)
                        .semantics { contentDescription = label }
                ) {
                    Text(stringResource(R.string.fee_pay))
                }
            }
        }
    }
}
