// View models of the payment screens: what I owe, paying one fee (with the return link), my payments.
package de.leipzig.nahbeimir.app.ui.payments

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.core.PaymentSubject
import de.leipzig.nahbeimir.presentation.payments.ExportedReceipt
import de.leipzig.nahbeimir.presentation.payments.FeesState
import de.leipzig.nahbeimir.presentation.payments.FeesStateHolder
import de.leipzig.nahbeimir.presentation.payments.PayEffect
import de.leipzig.nahbeimir.presentation.payments.PayState
import de.leipzig.nahbeimir.presentation.payments.PaymentStateHolder
import de.leipzig.nahbeimir.presentation.payments.PaymentsState
import de.leipzig.nahbeimir.presentation.payments.PaymentsStateHolder
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.launch

/** Keeps a [FeesStateHolder] ("what I owe"); forwards its intents. */
class FeesViewModel(container: AppContainer) : ViewModel() {
    private val holder = FeesStateHolder(container.payments, viewModelScope, container.languageSetting.formats)

    /** The screen's state. */
    val state: StateFlow<FeesState> = holder.state

    /** Pull-to-refresh, the refresh button and "try again". */
    fun refresh() = holder.refresh()
}

/**
 * Keeps a [PaymentStateHolder] for [subject] (or, with null, for the payment whose return link
 * opened the app). While it lives it takes the payment page's return link from
 * [AppContainer.deepLinks] — also one that arrived before it existed (the link is replayed,
 * e.g. after Android ended the app while the browser was open) — and hands it to the holder,
 * which asks the city; the link itself says nothing about the outcome.
 */
class PayViewModel(private val container: AppContainer, subject: PaymentSubject?) : ViewModel() {
    private val holder = PaymentStateHolder(
        container.payments,
        subject,
        viewModelScope,
        container.languageSetting.formats
    )

    /** The screen's state. */
    val state: StateFlow<PayState> = holder.state

    /** "Open the payment page" instructions, each delivered once. */
    val effects: Flow<PayEffect> = holder.effects

    init {
        viewModelScope.launch {
            container.deepLinks.links.filter(container.deepLinks::isPaymentReturn).collect { uri ->
                holder.onReturn(uri.toString())
                container.deepLinks.consumed()
            }
        }
    }

    /** "Pay now". */
    fun pay() = holder.pay()

    /** "Open the payment page" again. */
    fun openPage() = holder.openPage()

    /** "Try again", "pay again", "check again". */
    fun retry() = holder.retry()

    /** The screen came to the foreground (also back from the browser without a return link). */
    fun onForeground() = holder.onForeground()

    /** The receipt as files in the app's cache, for a PDF viewer or the share sheet. */
    suspend fun exportReceipt(): ExportedReceipt? = holder.exportReceipt(container.receiptDir)
}

/** Keeps a [PaymentsStateHolder] ("my payments" and their receipts); forwards its intents. */
class PaymentsViewModel(private val container: AppContainer) : ViewModel() {
    private val holder = PaymentsStateHolder(container.payments, viewModelScope, container.languageSetting.formats)

    /** The screen's state. */
    val state: StateFlow<PaymentsState> = holder.state

    /** Pull-to-refresh: asks the city about every payment. */
    fun refresh() = holder.refresh()

    /** The receipt of payment [id] as files in the app's cache, for a PDF viewer or the share sheet. */
    suspend fun exportReceipt(id: String): ExportedReceipt? = holder.exportReceipt(id, container.receiptDir)

    /** The error was shown. */
    fun dismissError() = holder.dismissError()
}
