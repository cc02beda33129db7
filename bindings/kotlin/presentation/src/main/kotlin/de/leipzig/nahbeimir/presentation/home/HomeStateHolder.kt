package de.leipzig.nahbeimir.presentation.home

import de.leipzig.nahbeimir.core.News
import de.leipzig.nahbeimir.core.NewsItem
import de.leipzig.nahbeimir.core.flow.updates
import de.leipzig.nahbeimir.presentation.Formats
import de.leipzig.nahbeimir.presentation.news.NewsRow
import de.leipzig.nahbeimir.presentation.news.toRow
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.stateIn

/** The app's features, in the order the home screen lists them. */
enum class Feature {
    /** Bürgeramt appointments. */
    APPOINTMENTS,

    /** Public facilities near me, open now. */
    FACILITIES,

    /** Official notices (Bescheide). */
    NOTICES,

    /** Fees to pay. */
    PAYMENTS,

    /** Library card. */
    LIBRARY,

    /** City-hall news. */
    NEWS
}

/** A tile on the home screen; [available] is false while a feature is not built yet. */
data class FeatureTile(val feature: Feature, val available: Boolean)

/** What the home screen shows: the newest news and the feature tiles. */
data class HomeState(
    val latestNews: List<NewsRow> = emptyList(),
    val unreadNews: Int = 0,
    val tiles: List<FeatureTile> = Feature.entries.map { FeatureTile(it, it in AVAILABLE) }
)

/** Features that work end to end today; the others show "coming soon". */
private val AVAILABLE = setOf(Feature.NEWS, Feature.APPOINTMENTS, Feature.FACILITIES)

/**
 * State holder of the home screen. Reads only the phone's database: the home
 * screen must appear at once, with or without network.
 */
class HomeStateHolder(
    news: News,
    scope: CoroutineScope,
    formats: StateFlow<Formats>,
    io: CoroutineDispatcher = Dispatchers.IO
) {
    /** The screen's state. */
    val state: StateFlow<HomeState> =
        combine(previewWithUnread(news).flowOn(io), formats) { (items, unread), formats ->
            HomeState(latestNews = items.map { it.toRow(formats) }, unreadNews = unread)
        }.stateIn(scope, SharingStarted.Eagerly, HomeState())

    // Every change re-reads the unread count of ALL stored news, not just the preview.
    private fun previewWithUnread(news: News): Flow<Pair<List<NewsItem>, Int>> =
        news.updates(PREVIEW_SIZE).map { items -> items to news.counts().unread.toInt() }

    private companion object {
        const val PREVIEW_SIZE = 3u
    }
}
