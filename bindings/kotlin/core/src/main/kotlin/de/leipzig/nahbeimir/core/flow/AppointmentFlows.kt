package de.leipzig.nahbeimir.core.flow

import de.leipzig.nahbeimir.core.Appointment
import de.leipzig.nahbeimir.core.Appointments
import de.leipzig.nahbeimir.core.AppointmentsListener
import de.leipzig.nahbeimir.core.Outbox
import de.leipzig.nahbeimir.core.OutboxEntry
import de.leipzig.nahbeimir.core.OutboxListener
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow

/**
 * My appointments as a [Flow]: the current list at once, then after every change
 * (booking, cancel, a delivered outbox action, a watch update). The subscription
 * lives as long as the collector.
 */
fun Appointments.updates(): Flow<List<Appointment>> = callbackFlow {
    val subscription = subscribe(
        object : AppointmentsListener {
            override fun onUpdate(appointments: List<Appointment>) {
                trySend(appointments)
            }
        }
    )
    awaitClose {
        subscription.cancel()
        subscription.close()
    }
}.buffer(Channel.CONFLATED)

/** The outbox as a [Flow]: what is saved on the phone and what the city has received. */
fun Outbox.updates(): Flow<List<OutboxEntry>> = callbackFlow {
    val subscription = subscribe(
        object : OutboxListener {
            override fun onUpdate(entries: List<OutboxEntry>) {
                trySend(entries)
            }
        }
    )
    awaitClose {
        subscription.cancel()
        subscription.close()
    }
}.buffer(Channel.CONFLATED)
