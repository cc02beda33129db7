package de.leipzig.nahbeimir.core.flow

import de.leipzig.nahbeimir.core.News
import de.leipzig.nahbeimir.core.NewsItem
import de.leipzig.nahbeimir.core.NewsListener
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow

/**
 * The newest [limit] news items as a [Flow]: the current list at once, then
 * again after every change (refresh, read mark). The core subscription lives
 * exactly as long as the collector; cancelling the collection cancels and
 * frees it. Slow collectors only see the latest list.
 */
fun News.updates(limit: UInt = 20u): Flow<List<NewsItem>> = callbackFlow {
    val subscription = subscribe(
        limit,
        object : NewsListener {
            override fun onUpdate(items: List<NewsItem>) {
                trySend(items)
            }
        }
    )
    awaitClose {
        subscription.cancel()
        subscription.close()
    }
}.buffer(Channel.CONFLATED)
