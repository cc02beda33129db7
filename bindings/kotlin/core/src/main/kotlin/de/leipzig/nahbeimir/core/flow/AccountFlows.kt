package de.leipzig.nahbeimir.core.flow

import de.leipzig.nahbeimir.core.Account
import de.leipzig.nahbeimir.core.AccountListener
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow

/**
 * Login changes as a [Flow]: one `Unit` at once, then one after every login, logout or
 * lost login, so a screen reads `whoami` again. The subscription lives as long as the
 * collector.
 */
fun Account.changes(): Flow<Unit> = callbackFlow {
    trySend(Unit)
    val subscription = subscribe(
        object : AccountListener {
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
