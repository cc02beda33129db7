// "My payments": every payment on the phone with its status, and the receipts to open or share.
package de.leipzig.nahbeimir.app.ui.payments

import android.widget.Toast
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
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
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.payments.ExportedReceipt
import de.leipzig.nahbeimir.presentation.payments.PaymentRow

/**
 * The payments stored on the phone, newest first, each with its status (what is still being
 * checked says so; what ended without a charge says that too) and, once paid, its receipt:
 * open it as PDF or share it. Works offline; pulling down asks the city about all of them.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun PaymentsScreen(viewModel: PaymentsViewModel, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val error = state.error
    LaunchedEffect(error) {
        if (error != null) {
            Toast.makeText(context, error.message(), Toast.LENGTH_LONG).show()
            viewModel.dismissError()
        }
    }
    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(R.string.payments_title), onBack = onBack) {
                IconButton(onClick = viewModel::refresh, enabled = !state.refreshing) {
                    Icon(Icons.Filled.Refresh, contentDescription = stringResource(R.string.payments_refresh))
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
            when {
                state.loading -> FullScreenMessage(stringResource(R.string.payments_loading))

                state.rows.isEmpty() -> FullScreenMessage(stringResource(R.string.payments_empty))

                else -> LazyColumn(
                    modifier = Modifier.fillMaxSize(),
                    contentPadding = PaddingValues(bottom = 16.dp),
                    verticalArrangement = Arrangement.spacedBy(12.dp)
                ) {
                    if (state.checking > 0) {
                        item(key = "checking") {
                            Banner(
                                pluralStringResource(R.plurals.payments_checking, state.checking, state.checking),
                                color = MaterialTheme.colorScheme.secondaryContainer,
                                onColor = MaterialTheme.colorScheme.onSecondaryContainer
                            )
                        }
                    }
                    items(state.rows, key = { it.id }) { row ->
                        PaymentCard(row, export = { viewModel.exportReceipt(row.id) })
                    }
                }
            }
        }
    }
}

/** One payment: what for, amount, status, when, how; the receipt's buttons once there is one. */
@Composable
private fun PaymentCard(row: PaymentRow, export: suspend () -> ExportedReceipt?) {
    Card(
        Modifier
            .fillMaxWidth()
            .padding(horizontal = 16.dp)
    ) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(row.title, style = MaterialTheme.typography.titleMedium, modifier = Modifier.semantics { heading() })
            row.amount?.let { Text(it, style = MaterialTheme.typography.bodyLarge) }
            PaymentStatusChip(row.status, Modifier.padding(vertical = 4.dp))
            if (row.lateCorrection) {
                Text(stringResource(R.string.payment_late_correction), style = MaterialTheme.typography.bodyMedium)
            }
            row.refusalText?.let {
                Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.error)
            }
            val detail = MaterialTheme.colorScheme.onSurfaceVariant
            Text(stringResource(R.string.payment_started, row.started), style = MaterialTheme.typography.bodyMedium)
            row.paidAt?.let {
                Text(stringResource(R.string.payment_paid_at, it), style = MaterialTheme.typography.bodyMedium)
            }
            row.method?.let {
                Text(
                    "${stringResource(R.string.receipt_method)}: $it",
                    style = MaterialTheme.typography.bodyMedium,
                    color = detail
                )
            }
            row.reference?.let {
                Text(
                    "${stringResource(R.string.receipt_reference)}: $it",
                    style = MaterialTheme.typography.bodyMedium,
                    color = detail
                )
            }
            if (row.hasReceipt) ReceiptButtons(export)
        }
    }
}
