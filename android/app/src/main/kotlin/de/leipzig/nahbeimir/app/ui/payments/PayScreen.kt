// Paying one fee: the payment page in the browser, "Zahlung wird geprüft", the outcome and the receipt.
package de.leipzig.nahbeimir.app.ui.payments

import android.widget.Toast
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.PaymentPages
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.payments.PayEffect
import de.leipzig.nahbeimir.presentation.payments.PayPhase
import de.leipzig.nahbeimir.presentation.payments.PayState

/**
 * Paying a fee or notice, or following a payment whose return link opened the app. "Pay now"
 * lets the core save and send the payment, then the payment page opens in an Auth Tab (else a
 * Custom Tab) — never in a web view. Coming back (the return link, or just the app in front
 * again) the city is asked: "Zahlung wird geprüft" until it answers. Paid shows the receipt
 * (open, share); cancelled, failed and expired offer paying again (a new payment); a refusal
 * says why in the holder's words.
 */
@Composable
fun PayScreen(viewModel: PayViewModel, pages: PaymentPages, onHistory: () -> Unit, onDone: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    LaunchedEffect(viewModel) {
        viewModel.effects.collect { effect ->
            when (effect) {
                is PayEffect.OpenInBrowser -> if (!pages.open(effect.url)) {
                    Toast.makeText(context, R.string.browser_unavailable, Toast.LENGTH_LONG).show()
                }
            }
        }
    }
    // Back from the browser (with or without the return link), or the app in front again.
    LifecycleEventEffect(Lifecycle.Event.ON_START) { viewModel.onForeground() }
    val title = if (state.phase == PayPhase.CHECKING &&
        state.title == null
    ) {
        R.string.pay_status_title
    } else {
        R.string.pay_title
    }
    Scaffold(topBar = { LeipzigTopBar(stringResource(title), onBack = onDone) }) { padding ->
        Column(
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp)
        ) {
            Summary(state)
            Outcome(state, viewModel, onHistory, onDone)
        }
    }
}

@Composable
private fun Summary(state: PayState) {
    val title = state.title ?: return
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(title, style = MaterialTheme.typography.titleLarge, modifier = Modifier.semantics { heading() })
        state.amount?.let { Text(it, style = MaterialTheme.typography.headlineMedium) }
    }
}

@Composable
private fun Outcome(state: PayState, viewModel: PayViewModel, onHistory: () -> Unit, onDone: () -> Unit) {
    when (state.phase) {
        PayPhase.LOADING -> Working(R.string.pay_loading)

        PayPhase.READY -> {
            Text(stringResource(R.string.pay_intro), style = MaterialTheme.typography.bodyLarge)
            WideButton(R.string.pay_now, viewModel::pay)
        }

        PayPhase.SAVING -> Working(R.string.pay_saving)

        PayPhase.OPEN_PAGE -> {
            Status(stringResource(R.string.pay_page_open))
            if (state.pageUrl != null) WideButton(R.string.pay_open_page, viewModel::openPage)
        }

        PayPhase.CHECKING -> Checking(state, viewModel, onHistory)

        PayPhase.PAID, PayPhase.ALREADY_PAID -> Paid(state, viewModel, onDone)

        PayPhase.CANCELLED -> Ended(R.string.pay_cancelled, state, viewModel)

        PayPhase.FAILED -> Ended(R.string.pay_failed, state, viewModel)

        PayPhase.TIMED_OUT -> Ended(R.string.pay_timed_out, state, viewModel)

        PayPhase.REFUSED -> {
            ErrorStatus(state.refusalText ?: stringResource(R.string.error_payment_refused))
            if (state.canRetry) WideButton(R.string.pay_again, viewModel::retry)
            SecondaryButton(R.string.pay_done, onDone)
        }

        PayPhase.NOT_SENT -> {
            Status(stringResource(R.string.pay_not_sent))
            WideButton(R.string.action_retry, viewModel::retry)
        }

        PayPhase.ERROR -> {
            ErrorStatus(stringResource((state.error ?: ErrorKind.OTHER).message()))
            if (state.canRetry) WideButton(R.string.action_retry, viewModel::retry)
        }
    }
}

@Composable
private fun Checking(state: PayState, viewModel: PayViewModel, onHistory: () -> Unit) {
    Working(R.string.pay_checking)
    if (state.stillOpen) {
        Status(stringResource(R.string.pay_still_open))
        WideButton(R.string.pay_check_again, viewModel::retry)
    }
    // Closed the tab before paying: the page can be opened again while the city is asked.
    if (state.pageUrl != null) SecondaryButton(R.string.pay_open_page, viewModel::openPage)
    if (state.stillOpen) SecondaryButton(R.string.fees_history, onHistory)
}

@Composable
private fun Paid(state: PayState, viewModel: PayViewModel, onDone: () -> Unit) {
    Status(stringResource(if (state.phase == PayPhase.PAID) R.string.pay_paid else R.string.pay_already_paid))
    if (state.lateCorrection) Status(stringResource(R.string.pay_late_correction))
    val receipt = state.receipt
    if (receipt == null) {
        Working(R.string.pay_receipt_loading)
    } else {
        ReceiptCard(receipt, Modifier.fillMaxWidth())
        ReceiptButtons(viewModel::exportReceipt)
    }
    WideButton(R.string.pay_done, onDone)
}

@Composable
private fun Ended(@StringRes text: Int, state: PayState, viewModel: PayViewModel) {
    Status(stringResource(text))
    if (state.canRetry) WideButton(R.string.pay_again, viewModel::retry)
}

private val live = Modifier.semantics { liveRegion = LiveRegionMode.Polite }

@Composable
private fun Status(text: String) {
    Text(text, style = MaterialTheme.typography.bodyLarge, modifier = live)
}

@Composable
private fun ErrorStatus(text: String) {
    Text(text, style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.error, modifier = live)
}

@Composable
private fun Working(@StringRes text: Int) {
    Row(live, verticalAlignment = Alignment.CenterVertically) {
        CircularProgressIndicator(Modifier.size(24.dp))
        Text(stringResource(text), modifier = Modifier.padding(start = 12.dp))
    }
}

@Composable
private fun WideButton(@StringRes text: Int, onClick: () -> Unit) {
    Button(onClick = onClick, modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)) {
        Text(stringResource(text))
    }
}

@Composable
private fun SecondaryButton(@StringRes text: Int, onClick: () -> Unit) {
    OutlinedButton(onClick = onClick, modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)) {
        Text(stringResource(text))
    }
}
