package de.leipzig.nahbeimir.core.flow

import de.leipzig.nahbeimir.core.LibraryListener
import de.leipzig.nahbeimir.core.LibraryRegistration
import de.leipzig.nahbeimir.core.LibraryService
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow

/**
 * The library card registrations on the phone as a [Flow], newest first: the current list at
 * once, then after every change (an order saved or sent, the city's state after a refresh, a
 * fee paid, the card activated at the desk). The subscription lives as long as the collector.
 * Slow collectors only see the latest list.
 */
fun LibraryService.changes(): Flow<List<LibraryRegistration>> = callbackFlow {
    val subscription = subscribe(
        object : LibraryListener {
            override fun onRegistrations(registrations: List<LibraryRegistration>) {
                trySend(registrations)
            }
        }
    )
    awaitClose {
        subscription.cancel()
        subscription.close()
    }
}.buffer(Channel.CONFLATED)
