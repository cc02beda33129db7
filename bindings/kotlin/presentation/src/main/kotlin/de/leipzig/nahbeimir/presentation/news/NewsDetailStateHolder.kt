package de.leipzig.nahbeimir.presentation.news

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.News
import de.leipzig.nahbeimir.core.NewsItem
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** One press release, formatted for reading. */
data class NewsDetail(
    val title: String,
    val published: String?,
    val categories: List<String>,
    val paragraphs: List<String>,
    val link: String?,
    val imageUrl: String?
)

/** The detail screen: loading, the item, or why it cannot be shown. */
sealed interface NewsDetailState {
    /** Reading from the phone's database. */
    data object Loading : NewsDetailState

    /** The item. */
    data class Content(val detail: NewsDetail) : NewsDetailState

    /** It cannot be shown (e.g. [ErrorKind.NOT_FOUND] after a data wipe). */
    data class Error(val kind: ErrorKind) : NewsDetailState
}

/**
 * State holder of the news detail screen: reads the item from the phone (no
 * network needed) and marks it read.
 */
class NewsDetailStateHolder(
    private val news: News,
    private val id: Long,
    scope: CoroutineScope,
    formats: StateFlow<Formats>,
    io: CoroutineDispatcher = Dispatchers.IO
) {
    private val item = MutableStateFlow<Result<NewsItem>?>(null)

    /** The screen's state. */
    val state: StateFlow<NewsDetailState> =
        combine(item, formats) { item, formats -> render(item, formats) }
            .stateIn(scope, SharingStarted.Eagerly, NewsDetailState.Loading)

    init {
        scope.launch {
            item.value = try {
                withContext(io) {
                    news.markRead(id, true)
                    Result.success(news.get(id))
                }
            } catch (e: ApiException) {
                Result.failure(e)
            }
        }
    }

    private fun render(item: Result<NewsItem>?, formats: Formats): NewsDetailState = when {
        item == null -> NewsDetailState.Loading

        item.isFailure -> NewsDetailState.Error(ErrorKind.of(item.exceptionOrNull() ?: IllegalStateException()))

        else -> item.getOrThrow().let {
            NewsDetailState.Content(
                NewsDetail(
                    title = it.title,
                    published = it.published?.let(formats::dateTime),
                    categories = it.categories,
                    paragraphs = it.summary.lines().filter(String::isNotBlank),
                    link = it.link,
                    imageUrl = it.imageUrl
                )
            )
        }
    }
}
