package de.leipzig.nahbeimir.presentation.news

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.News
import de.leipzig.nahbeimir.core.NewsItem
import de.leipzig.nahbeimir.core.flow.updates
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** What the news list shows. */
enum class NewsListPhase {
    /** Nothing stored yet and the first refresh is under way. */
    LOADING,

    /** Items to show (maybe with a [NewsBanner]). */
    CONTENT,

    /** The feed has no items. */
    EMPTY,

    /** Nothing stored and the refresh failed: show [NewsListState.error] with a retry button. */
    ERROR
}

/** A notice above the list while stored items are shown. */
enum class NewsBanner {
    /** No connection: these are the stored news. */
    OFFLINE,

    /** The refresh failed for another reason: these are the stored news. */
    REFRESH_FAILED
}

/** One row of the list, formatted for the current language. */
data class NewsRow(
    val id: Long,
    val title: String,
    val teaser: String,
    val published: String?,
    val categories: String,
    val unread: Boolean,
    val imageUrl: String?
)

/** The whole state of the news list screen. */
data class NewsListState(
    val phase: NewsListPhase,
    val rows: List<NewsRow> = emptyList(),
    val refreshing: Boolean = false,
    val banner: NewsBanner? = null,
    val error: ErrorKind? = null
) {
    /** Whether the screen offers "try again". */
    val canRetry: Boolean get() = phase == NewsListPhase.ERROR || banner != null
}

private sealed interface RefreshStatus {
    data object Running : RefreshStatus
    data object Done : RefreshStatus
    data class Failed(val kind: ErrorKind) : RefreshStatus
}

/**
 * State holder of the news list: stored items at once (from the core's
 * listener), then a refresh; pull-to-refresh and retry call [refresh].
 * Compose renders [state]; SwiftUI mirrors this class in `NewsListModel`.
 */
class NewsListStateHolder(
    private val news: News,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    pageSize: UInt = 50u
) {
    private val items = MutableStateFlow<List<NewsItem>>(emptyList())
    private val status = MutableStateFlow<RefreshStatus>(RefreshStatus.Running)
    private val inFlight = AtomicBoolean(false)

    /** The screen's state. */
    val state: StateFlow<NewsListState> =
        combine(items, status, formats) { items, status, formats -> render(items, status, formats) }
            .stateIn(scope, SharingStarted.Eagerly, NewsListState(NewsListPhase.LOADING, refreshing = true))

    init {
        scope.launch { news.updates(pageSize).flowOn(io).collect { items.value = it } }
        refresh()
    }

    /** Fetches the feed; a no-op while a refresh is running. */
    fun refresh() {
        if (!inFlight.compareAndSet(false, true)) return
        status.value = RefreshStatus.Running
        scope.launch {
            val outcome = try {
                withContext(io) { news.refresh() }
                RefreshStatus.Done
            } catch (e: ApiException) {
                RefreshStatus.Failed(ErrorKind.of(e))
            } finally {
                // Free before the outcome is shown: a retry tapped at once must run.
                inFlight.set(false)
            }
            status.value = outcome
        }
    }

    /** Marks an item read, e.g. when the list opens it. */
    fun markRead(id: Long) {
        scope.launch {
            // A vanished item needs no read mark; the listener drops it from the list.
            try {
                withContext(io) { news.markRead(id, true) }
            } catch (_: ApiException.NotFound) {
            }
        }
    }

    private fun render(items: List<NewsItem>, status: RefreshStatus, formats: Formats): NewsListState {
        val rows = items.map { it.toRow(formats) }
        val running = status == RefreshStatus.Running
        val failed = (status as? RefreshStatus.Failed)?.kind
        return when {
            rows.isNotEmpty() -> NewsListState(
                phase = NewsListPhase.CONTENT,
                rows = rows,
                refreshing = running,
                banner = failed?.let { if (it == ErrorKind.OFFLINE) NewsBanner.OFFLINE else NewsBanner.REFRESH_FAILED }
            )

            running -> NewsListState(NewsListPhase.LOADING, refreshing = true)

            failed != null -> NewsListState(NewsListPhase.ERROR, error = failed)

            else -> NewsListState(NewsListPhase.EMPTY)
        }
    }
}

/** A list row: the first paragraph of the teaser, categories joined. */
internal fun NewsItem.toRow(formats: Formats) = NewsRow(
    id = id,
    title = title,
    teaser = summary.lineSequence().firstOrNull().orEmpty(),
    published = published?.let(formats::dateTime),
    categories = categories.joinToString(" · "),
    unread = !read,
    imageUrl = imageUrl
)
