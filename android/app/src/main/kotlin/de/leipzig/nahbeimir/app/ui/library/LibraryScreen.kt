// The library card's entry: the card types with the city's fees, or where the order stands.
package de.leipzig.nahbeimir.app.ui.library

import android.content.Context
import android.widget.Toast
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.RadioButton
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
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.PaymentPages
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.core.PaymentSubject
import de.leipzig.nahbeimir.presentation.library.CardTypeRow
import de.leipzig.nahbeimir.presentation.library.LibraryEffect
import de.leipzig.nahbeimir.presentation.library.LibraryPhase
import de.leipzig.nahbeimir.presentation.library.LibraryState

/**
 * The library card. Without an order: the card types with the fees the city says, one to
 * choose, then the form. With one: where it stands — the fee to pay ("Bezahlen" starts the
 * payment and hands over to the pay screen and the payment page), "bring an ID to the first
 * visit", active (the card), refused (order again).
 */
@Composable
fun LibraryScreen(
    viewModel: LibraryViewModel,
    pages: PaymentPages,
    onOrder: () -> Unit,
    onCard: () -> Unit,
    onPay: (PaymentSubject) -> Unit,
    onLogin: () -> Unit,
    onBack: () -> Unit
) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    LaunchedEffect(viewModel) {
        viewModel.effects.collect { effect ->
            when (effect) {
                is LibraryEffect.Pay -> {
                    onPay(effect.subject)
                    val page = effect.pageUrl
                    if (page != null && !pages.open(page)) context.toast(R.string.browser_unavailable)
                }
            }
        }
    }
    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(R.string.library_title), onBack = onBack) {
                IconButton(onClick = viewModel::refresh, enabled = !state.refreshing) {
                    Icon(Icons.Filled.Refresh, contentDescription = stringResource(R.string.library_refresh))
                }
            }
        }
    ) { padding ->
        Column(Modifier.padding(padding).fillMaxSize()) {
            when (state.phase) {
                LibraryPhase.LOADING -> FullScreenMessage(stringResource(R.string.library_loading))

                LibraryPhase.ERROR -> FullScreenMessage(
                    stringResource(state.error?.message() ?: R.string.error_other),
                    stringResource(R.string.action_retry),
                    viewModel::refresh
                )

                LibraryPhase.ORDER -> CardTypes(state, viewModel::selectCardType, onOrder, onLogin)

                else -> Status(state, viewModel::pay, onCard, viewModel::orderAgain)
            }
        }
    }
}

@Composable
private fun CardTypes(state: LibraryState, onSelect: (String) -> Unit, onOrder: () -> Unit, onLogin: () -> Unit) {
    Column(
        Modifier.verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(8.dp)
    ) {
        Text(stringResource(R.string.library_choose), style = MaterialTheme.typography.titleMedium)
        state.error?.let { Text(stringResource(it.message()), color = MaterialTheme.colorScheme.error) }
        state.cardTypes.forEach { type -> CardTypeItem(type, onSelect) }
        if (state.loginNeeded) {
            Text(stringResource(R.string.library_login_needed))
            Button(onClick = onLogin, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                Text(stringResource(R.string.library_login))
            }
        } else {
            Button(
                onClick = onOrder,
                enabled = state.form.cardType.isNotEmpty(),
                modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
            ) {
                Text(stringResource(R.string.library_to_form))
            }
        }
    }
}

@Composable
private fun CardTypeItem(type: CardTypeRow, onSelect: (String) -> Unit) {
    Card(
        modifier = Modifier
            .fillMaxWidth()
            .selectable(selected = type.selected, role = Role.RadioButton, onClick = { onSelect(type.id) })
    ) {
        Row(Modifier.padding(12.dp), verticalAlignment = Alignment.CenterVertically) {
            RadioButton(selected = type.selected, onClick = null)
            Column(Modifier.weight(1f).padding(start = 8.dp)) {
                Text(type.name, style = MaterialTheme.typography.titleSmall)
                type.description?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                if (type.requiresLeipzigPass) {
                    Text(stringResource(R.string.library_needs_pass), style = MaterialTheme.typography.bodySmall)
                }
            }
            Text(type.fee, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(start = 8.dp))
        }
    }
}

@Composable
private fun Status(state: LibraryState, onPay: () -> Unit, onCard: () -> Unit, onOrderAgain: () -> Unit) {
    val registration = state.registration
    Column(
        Modifier.verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp)
    ) {
        val highlighted = state.phase == LibraryPhase.READY_FOR_ID_CHECK || state.phase == LibraryPhase.PAYMENT_PENDING
        Card(
            colors = if (highlighted) {
                CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.primaryContainer)
            } else {
                CardDefaults.cardColors()
            },
            modifier = Modifier.fillMaxWidth().semantics { liveRegion = LiveRegionMode.Polite }
        ) {
            Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                if (state.phase == LibraryPhase.SAVING) {
                    CircularProgressIndicator(Modifier.size(24.dp))
                    Text(stringResource(R.string.library_sending))
                }
                state.statusText?.let {
                    Text(it, style = MaterialTheme.typography.titleLarge, modifier = Modifier.semantics { heading() })
                }
                state.statusDetail?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
            }
        }
        if (registration != null) {
            Text(registration.cardTypeName, style = MaterialTheme.typography.titleMedium)
            registration.fee?.let { Text(stringResource(R.string.library_fee, it)) }
            registration.branchName?.let { Text(stringResource(R.string.library_branch, it)) }
            registration.flags.forEach { Text(it, color = MaterialTheme.colorScheme.error) }
        }
        state.payRefusal?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        state.error?.let { Text(stringResource(it.message()), color = MaterialTheme.colorScheme.error) }
        if (state.canPay) {
            Button(
                onClick = onPay,
                enabled = !state.paying,
                modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)
            ) {
                if (state.paying) {
                    CircularProgressIndicator(
                        Modifier.size(18.dp),
                        color = LocalContentColor.current,
                        strokeWidth = 2.dp
                    )
                } else {
                    Text(stringResource(R.string.library_pay, registration?.fee.orEmpty()))
                }
            }
        }
        if (state.phase == LibraryPhase.ACTIVE) {
            Button(onClick = onCard, modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)) {
                Text(stringResource(R.string.library_show_card))
            }
        }
        if (state.phase == LibraryPhase.REJECTED) {
            OutlinedButton(onClick = onOrderAgain, modifier = Modifier.fillMaxWidth().heightIn(min = MinTouchTarget)) {
                Text(stringResource(R.string.library_order_again))
            }
        }
    }
}

private fun Context.toast(text: Int) = Toast.makeText(this, text, Toast.LENGTH_LONG).show()
