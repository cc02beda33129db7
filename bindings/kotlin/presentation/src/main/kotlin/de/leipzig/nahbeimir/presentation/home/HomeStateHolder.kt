package de.leipzig.nahbeimir.presentation.home

import de.leipzig.nahbeimir.core.Account
import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Identity
import de.leipzig.nahbeimir.core.News
import de.leipzig.nahbeimir.core.NewsItem
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.core.flow.updates
import de.leipzig.nahbeimir.presentation.Formats
import de.leipzig.nahbeimir.presentation.account.displayName
import de.leipzig.nahbeimir.presentation.news.NewsRow
import de.leipzig.nahbeimir.presentation.news.toRow
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOf
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

/**
 * What the home screen shows: the newest news, the feature tiles and who is logged in
 * ([signedIn]; [accountName], the given name to show, may be null even then).
 */
data class HomeState(
    val latestNews: List<NewsRow> = emptyList(),
    val unreadNews: Int = 0,
    val signedIn: Boolean = false,
    val accountName: String? = null,
    val tiles: List<FeatureTile> = Feature.entries.map { FeatureTile(it, it in AVAILABLE) }
)

/** Features that work end to end today; the others show "coming soon". */
private val AVAILABLE =
    setOf(Feature.NEWS, Feature.APPOINTMENTS, Feature.FACILITIES, Feature.NOTICES, Feature.PAYMENTS, Feature.LIBRARY)

/**
 * State holder of the home screen. Reads only the phone's database: the home
 * screen must appear at once, with or without network. With [account], it also
 * says who is logged in (the entry to the login and the profile).
 */
class HomeStateHolder(
    news: News,
    scope: CoroutineScope,
    formats: StateFlow<Formats>,
    io: CoroutineDispatcher = Dispatchers.IO,
    account: Account? = null
) {
    /** The screen's state. */
    val state: StateFlow<HomeState> =
        combine(previewWithUnread(news).flowOn(io), formats, signedIn(account).flowOn(io)) { (items, unread), f, who ->
            HomeState(
                latestNews = items.map { it.toRow(f) },
                unreadNews = unread,
                signedIn = who != null,
                accountName = who?.let { it.givenName?.trim()?.takeIf(String::isNotEmpty) ?: displayName(it) }
            )
        }.stateIn(scope, SharingStarted.Eagerly, HomeState())

    // Whoever is logged in, read again after every login, logout or lost login.
    private fun signedIn(account: Account?): Flow<Identity?> = if (account == null) {
        flowOf(null)
    } else {
        account.changes().map {
            try {
                account.whoami()
            } catch (_: ApiException) {
                null
            }
        }
    }

    // Every change re-reads the unread count of ALL stored news, not just the preview.
    private fun previewWithUnread(news: News): Flow<Pair<List<NewsItem>, Int>> =
        news.updates(PREVIEW_SIZE).map { items -> items to news.counts().unread.toInt() }

    private companion object {
        const val PREVIEW_SIZE = 3u
    }
}
