package de.leipzig.nahbeimir.core.flow

import de.leipzig.nahbeimir.core.Payment
import de.leipzig.nahbeimir.core.Payments
import de.leipzig.nahbeimir.core.PaymentsListener
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow

/**
 * Every payment on the phone as a [Flow], newest first: the current list at once, then
 * after every change (a start, an answer of the city, a receipt fetched, a late success
 * found by the reconciliation, the fee list refreshed). The subscription lives as long as
 * the collector. Slow collectors only see the latest list.
 */
fun Payments.changes(): Flow<List<Payment>> = callbackFlow {
    val subscription = subscribe(
        object : PaymentsListener {
            override fun onPayments(payments: List<Payment>) {
                trySend(payments)
            }
        }
    )
    awaitClose {
        subscription.cancel()
        subscription.close()
    }
}.buffer(Channel.CONFLATED)
