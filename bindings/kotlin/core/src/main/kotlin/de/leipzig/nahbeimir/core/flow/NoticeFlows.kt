package de.leipzig.nahbeimir.core.flow

import de.leipzig.nahbeimir.core.Notice
import de.leipzig.nahbeimir.core.Notices
import de.leipzig.nahbeimir.core.NoticesListener
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow

/**
 * The notices on the phone (not archived) as a [Flow], newest first: the current list at
 * once, then after every change (a mailbox sync, a notice opened or archived, its retrieval
 * acknowledged, a PDF stored, a reply saved, the city's receipt of a reply, a payment). The
 * subscription lives as long as the collector. Slow collectors only see the latest list.
 */
fun Notices.changes(): Flow<List<Notice>> = callbackFlow {
    val subscription = subscribe(
        object : NoticesListener {
            override fun onNotices(notices: List<Notice>) {
                trySend(notices)
            }
        }
    )
    awaitClose {
        subscription.cancel()
        subscription.close()
    }
}.buffer(Channel.CONFLATED)
