package de.leipzig.nahbeimir.core.flow

import de.leipzig.nahbeimir.core.Facilities
import de.leipzig.nahbeimir.core.FacilitiesListener
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow

/**
 * Changes of the stored facility layer as a [Flow]: one `Unit` at once, then one after
 * every refresh or wipe, so a screen re-runs its query. The subscription lives as long as
 * the collector.
 */
fun Facilities.changes(): Flow<Unit> = callbackFlow {
    trySend(Unit)
    val subscription = subscribe(
        object : FacilitiesListener {
            override fun onChange() {
                trySend(Unit)
            }
        }
    )
    awaitClose {
        subscription.cancel()
        subscription.close()
    }
}.buffer(Channel.CONFLATED)
