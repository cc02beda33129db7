package de.leipzig.nahbeimir.app.ui.home

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.grid.GridCells
import androidx.compose.foundation.lazy.grid.GridItemSpan
import androidx.compose.foundation.lazy.grid.LazyGridScope
import androidx.compose.foundation.lazy.grid.LazyVerticalGrid
import androidx.compose.foundation.lazy.grid.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.List
import androidx.compose.material.icons.filled.AccountBox
import androidx.compose.material.icons.filled.AccountCircle
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Email
import androidx.compose.material.icons.filled.Place
import androidx.compose.material.icons.filled.Settings
import androidx.compose.material.icons.filled.ShoppingCart
import androidx.compose.material3.Card
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.title
import de.leipzig.nahbeimir.app.ui.news.NewsRowItem
import de.leipzig.nahbeimir.presentation.home.Feature
import de.leipzig.nahbeimir.presentation.home.FeatureTile
import de.leipzig.nahbeimir.presentation.home.HomeState

/**
 * The start screen: the app's services as tiles (those not built yet say so) and the
 * newest news. Reads only the phone, so it appears at once, with or without network. The top
 * bar leads to the account: "log in", or the logged-in citizen's icon (named for TalkBack).
 */
@Composable
fun HomeScreen(
    viewModel: HomeViewModel,
    onFeature: (Feature) -> Unit,
    onOpenNews: (Long) -> Unit,
    onAllNews: () -> Unit,
    onAccount: () -> Unit,
    onSettings: () -> Unit
) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(R.string.app_name)) {
                AccountAction(state, onAccount)
                IconButton(onClick = onSettings) {
                    Icon(Icons.Filled.Settings, contentDescription = stringResource(R.string.settings_title))
                }
            }
        }
    ) { padding ->
        LazyVerticalGrid(
            columns = GridCells.Adaptive(minSize = 160.dp),
            contentPadding = PaddingValues(16.dp),
            horizontalArrangement = Arrangement.spacedBy(12.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
            modifier = Modifier.padding(padding)
        ) {
            sectionTitle(R.string.home_services)
            items(state.tiles, key = { it.feature.name }) { tile ->
                FeatureTileCard(tile, onClick = { onFeature(tile.feature) })
            }
            latestNews(state, onOpenNews, onAllNews)
        }
    }
}

@Composable
private fun AccountAction(state: HomeState, onAccount: () -> Unit) {
    if (state.signedIn) {
        val name = state.accountName
        IconButton(onClick = onAccount) {
            Icon(
                Icons.Filled.AccountCircle,
                contentDescription = if (name != null) {
                    stringResource(R.string.home_account_of, name)
                } else {
                    stringResource(R.string.account_title)
                }
            )
        }
    } else {
        TextButton(onClick = onAccount, modifier = Modifier.heightIn(min = MinTouchTarget)) {
            Text(stringResource(R.string.account_login))
        }
    }
}

private fun LazyGridScope.sectionTitle(@StringRes title: Int) {
    item(span = { GridItemSpan(maxLineSpan) }) {
        Text(
            stringResource(title),
            style = MaterialTheme.typography.titleLarge,
            modifier = Modifier
                .padding(top = 8.dp)
                .semantics { heading() }
        )
    }
}

private fun LazyGridScope.latestNews(state: HomeState, onOpenNews: (Long) -> Unit, onAllNews: () -> Unit) {
    sectionTitle(R.string.home_latest_news)
    if (state.latestNews.isEmpty()) {
        item(span = { GridItemSpan(maxLineSpan) }) { Text(stringResource(R.string.home_no_news)) }
    }
    items(state.latestNews, key = { "news-${it.id}" }, span = { GridItemSpan(maxLineSpan) }) { row ->
        NewsRowItem(row, onClick = { onOpenNews(row.id) })
    }
    item(span = { GridItemSpan(maxLineSpan) }) {
        TextButton(onClick = onAllNews, modifier = Modifier.heightIn(min = MinTouchTarget)) {
            Text(
                if (state.unreadNews > 0) {
                    pluralStringResource(R.plurals.home_all_news_unread, state.unreadNews, state.unreadNews)
                } else {
                    stringResource(R.string.home_all_news)
                }
            )
        }
    }
}

@Composable
private fun FeatureTileCard(tile: FeatureTile, onClick: () -> Unit) {
    Card(onClick = onClick, enabled = tile.available, modifier = Modifier.fillMaxWidth().heightIn(min = 96.dp)) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            // Decorative: the tile's text says what it is.
            Icon(tile.feature.icon(), contentDescription = null)
            Text(stringResource(tile.feature.title()), style = MaterialTheme.typography.titleSmall)
            if (!tile.available) {
                Text(stringResource(R.string.feature_coming_soon), style = MaterialTheme.typography.labelMedium)
            }
        }
    }
}

private fun Feature.icon(): ImageVector = when (this) {
    Feature.APPOINTMENTS -> Icons.Filled.DateRange
    Feature.FACILITIES -> Icons.Filled.Place
    Feature.NOTICES -> Icons.Filled.Email
    Feature.PAYMENTS -> Icons.Filled.ShoppingCart
    Feature.LIBRARY -> Icons.Filled.AccountBox
    Feature.NEWS -> Icons.AutoMirrored.Filled.List
}
