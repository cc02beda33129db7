// Pieces the payment screens share: status chips, the receipt card and its open/share buttons.
package de.leipzig.nahbeimir.app.ui.payments

import android.content.Context
import android.widget.Toast
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.Close
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Share
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.Card
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.ReceiptFiles
import de.leipzig.nahbeimir.app.ui.appointments.StatusChip
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.presentation.payments.ExportedReceipt
import de.leipzig.nahbeimir.presentation.payments.FeeStatus
import de.leipzig.nahbeimir.presentation.payments.PaymentStatus
import de.leipzig.nahbeimir.presentation.payments.ReceiptView
import kotlinx.coroutines.launch

/**
 * A payment's status. What is only on this phone is outlined; what is still being checked
 * is neutral; paid is filled; what ended without a charge uses the secondary colours, a
 * refusal the error colours. TalkBack reads "Status: …".
 */
@Composable
fun PaymentStatusChip(status: PaymentStatus, modifier: Modifier = Modifier) {
    val c = MaterialTheme.colorScheme
    when (status) {
        PaymentStatus.SAVED ->
            StatusChip(R.string.payment_status_saved, Icons.Filled.Refresh, c.surface, c.tertiary, modifier, true)

        PaymentStatus.OPEN ->
            StatusChip(
                R.string.payment_status_open,
                Icons.Filled.Refresh,
                c.surfaceVariant,
                c.onSurfaceVariant,
                modifier
            )

        PaymentStatus.DEBIT_PENDING -> StatusChip(
            R.string.payment_status_debit_pending,
            Icons.Filled.Refresh,
            c.surfaceVariant,
            c.onSurfaceVariant,
            modifier
        )

        PaymentStatus.PAID ->
            StatusChip(
                R.string.payment_status_paid,
                Icons.Filled.Check,
                c.primaryContainer,
                c.onPrimaryContainer,
                modifier
            )

        PaymentStatus.CANCELLED -> EndedChip(R.string.payment_status_cancelled, modifier)

        PaymentStatus.FAILED -> EndedChip(R.string.payment_status_failed, modifier)

        PaymentStatus.TIMED_OUT -> EndedChip(R.string.payment_status_timed_out, modifier)

        PaymentStatus.REFUSED ->
            StatusChip(
                R.string.payment_status_refused,
                Icons.Filled.Warning,
                c.errorContainer,
                c.onErrorContainer,
                modifier
            )
    }
}

@Composable
private fun EndedChip(@StringRes label: Int, modifier: Modifier) {
    val c = MaterialTheme.colorScheme
    StatusChip(label, Icons.Filled.Close, c.secondaryContainer, c.onSecondaryContainer, modifier)
}

/** A fee's status, when it is not simply open. */
@Composable
fun FeeStatusChip(status: FeeStatus, modifier: Modifier = Modifier) {
    val c = MaterialTheme.colorScheme
    when (status) {
        FeeStatus.OPEN -> Unit

        FeeStatus.IN_PROGRESS ->
            StatusChip(
                R.string.fee_status_in_progress,
                Icons.Filled.Refresh,
                c.surfaceVariant,
                c.onSurfaceVariant,
                modifier
            )

        FeeStatus.NOT_PAYABLE_HERE ->
            StatusChip(
                R.string.fee_status_not_payable,
                Icons.Filled.Info,
                c.surfaceVariant,
                c.onSurfaceVariant,
                modifier
            )

        FeeStatus.PAID ->
            StatusChip(R.string.fee_status_paid, Icons.Filled.Check, c.primaryContainer, c.onPrimaryContainer, modifier)
    }
}

/** The receipt's facts, as on the PDF. */
@Composable
fun ReceiptCard(receipt: ReceiptView, modifier: Modifier = Modifier) {
    Card(modifier) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(
                stringResource(R.string.receipt_title),
                style = MaterialTheme.typography.titleMedium,
                modifier = Modifier.semantics { heading() }
            )
            Fact(R.string.receipt_number, receipt.number)
            Fact(R.string.receipt_purpose, receipt.title)
            Fact(R.string.receipt_amount, receipt.amount)
            Fact(R.string.receipt_reference, receipt.reference)
            receipt.method?.let { Fact(R.string.receipt_method, it) }
            Fact(R.string.receipt_paid_at, receipt.paidAt)
            Fact(R.string.receipt_payee, "${receipt.payee}, ${receipt.payeeAddress}")
        }
    }
}

@Composable
private fun Fact(@StringRes label: Int, value: String) {
    Column {
        Text(stringResource(label), style = MaterialTheme.typography.labelMedium)
        Text(value, style = MaterialTheme.typography.bodyLarge)
    }
}

/**
 * "Open receipt (PDF)" and "share receipt": [export] writes the files (the state holder), then
 * the PDF goes to a viewer or the share sheet through the FileProvider; a toast says when that
 * failed.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun ReceiptButtons(export: suspend () -> ExportedReceipt?) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val run: (Boolean) -> Unit = { share -> scope.launch { deliver(context, export(), share) } }
    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        ReceiptAction(R.string.receipt_open, Icons.Filled.Info) { run(false) }
        ReceiptAction(R.string.receipt_share, Icons.Filled.Share) { run(true) }
    }
}

@Composable
private fun ReceiptAction(@StringRes label: Int, icon: ImageVector, onClick: () -> Unit) {
    TextButton(onClick = onClick, modifier = Modifier.heightIn(min = MinTouchTarget)) {
        Icon(icon, contentDescription = null, modifier = Modifier.size(18.dp))
        Text(stringResource(label), modifier = Modifier.padding(start = 8.dp))
    }
}

private fun deliver(context: Context, exported: ExportedReceipt?, share: Boolean) {
    if (exported == null) {
        Toast.makeText(context, R.string.receipt_failed, Toast.LENGTH_LONG).show()
        return
    }
    val subject = context.getString(R.string.receipt_share_subject, exported.receipt.number)
    val chooser = context.getString(R.string.receipt_share_chooser)
    val shown = if (share) {
        ReceiptFiles.share(context, exported.pdf, subject, chooser)
    } else {
        // No PDF viewer: the share sheet still lets the citizen save or send it.
        ReceiptFiles.view(context, exported.pdf) || ReceiptFiles.share(context, exported.pdf, subject, chooser)
    }
    if (!shown) Toast.makeText(context, R.string.receipt_no_app, Toast.LENGTH_LONG).show()
}
