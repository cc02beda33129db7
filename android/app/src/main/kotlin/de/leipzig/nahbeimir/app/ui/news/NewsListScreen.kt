package de.leipzig.nahbeimir.app.ui.news

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.pulltorefresh.PullToRefreshBox
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.Banner
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.news.NewsBanner
import de.leipzig.nahbeimir.presentation.news.NewsListPhase
import de.leipzig.nahbeimir.presentation.news.NewsListState

/**
 * The news list: stored news at once, refreshed by pulling down or the refresh button (for
 * those who cannot pull), with a banner while the shown news may be stale.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun NewsListScreen(viewModel: NewsListViewModel, onOpen: (Long) -> Unit, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(R.string.news_title), onBack = onBack) {
                IconButton(onClick = viewModel::refresh, enabled = !state.refreshing) {
                    Icon(Icons.Filled.Refresh, contentDescription = stringResource(R.string.news_refresh))
                }
            }
        }
    ) { padding ->
        PullToRefreshBox(
            isRefreshing = state.refreshing,
            onRefresh = viewModel::refresh,
            modifier = Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            NewsListContent(
                state,
                onRetry = viewModel::refresh,
                onOpen = { id ->
                    viewModel.markRead(id)
                    onOpen(id)
                }
            )
        }
    }
}

@Composable
private fun NewsListContent(state: NewsListState, onRetry: () -> Unit, onOpen: (Long) -> Unit) {
    when (state.phase) {
        NewsListPhase.LOADING -> FullScreenMessage(stringResource(R.string.news_loading))

        NewsListPhase.EMPTY -> FullScreenMessage(
            stringResource(R.string.news_empty),
            actionLabel = stringResource(R.string.news_refresh),
            onAction = onRetry
        )

        NewsListPhase.ERROR -> FullScreenMessage(
            stringResource((state.error ?: ErrorKind.OTHER).message()),
            actionLabel = stringResource(R.string.action_retry).takeIf { state.canRetry },
            onAction = onRetry
        )

        NewsListPhase.CONTENT -> LazyColumn(modifier = Modifier.fillMaxSize()) {
            state.banner?.let { banner ->
                item(key = "banner") { NewsBannerRow(banner, onRetry = onRetry.takeIf { state.canRetry }) }
            }
            items(state.rows, key = { it.id }) { row ->
                NewsRowItem(row, onClick = { onOpen(row.id) })
                HorizontalDivider()
            }
        }
    }
}

@Composable
private fun NewsBannerRow(banner: NewsBanner, onRetry: (() -> Unit)?) {
    val colors = MaterialTheme.colorScheme
    when (banner) {
        NewsBanner.OFFLINE -> Banner(
            stringResource(R.string.banner_offline),
            color = colors.secondaryContainer,
            onColor = colors.onSecondaryContainer,
            onRetry = onRetry
        )

        NewsBanner.REFRESH_FAILED -> Banner(
            stringResource(R.string.banner_refresh_failed),
            color = colors.errorContainer,
            onColor = colors.onErrorContainer,
            onRetry = onRetry
        )
    }
}
