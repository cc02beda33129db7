// The facility finder screen: search, filters, "near me" and the results, from the copy of
// the city's layer on the phone.

package de.leipzig.nahbeimir.app.ui.facilities

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
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
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.Banner
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.facilities.FinderFilters
import de.leipzig.nahbeimir.presentation.facilities.FinderPhase
import de.leipzig.nahbeimir.presentation.facilities.FinderState

/**
 * "Einrichtungen in der Nähe": search by name, filter by category, open now and step-free,
 * and sort by distance with "near me". Everything is answered from the phone, so it works
 * offline; pull down or the refresh button fetch the city's layer again, and a banner says
 * when the last download failed. Tapping a facility opens its detail ([onOpen] with its id).
 * Coming back to the screen re-evaluates "open now" (see [FacilitiesViewModel.resumed]).
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun FacilitiesScreen(viewModel: FacilitiesViewModel, onOpen: (String) -> Unit, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val problem by viewModel.locationProblem.collectAsStateWithLifecycle()
    // The text as typed lives here, so typing never waits for the holder's answer; it
    // starts from the holder's (the view model outlives a rotation, this does not).
    var query by remember(viewModel) { mutableStateOf(viewModel.state.value.filters.text) }
    val toggleNearMe = rememberNearMeToggle(viewModel)
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { viewModel.resumed() }

    Scaffold(
        topBar = {
            LeipzigTopBar(stringResource(R.string.facilities_title), onBack = onBack) {
                IconButton(onClick = viewModel::refresh, enabled = !state.refreshing) {
                    Icon(Icons.Filled.Refresh, contentDescription = stringResource(R.string.facilities_refresh))
                }
            }
        }
    ) { padding ->
        Column(
            Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            FacilityFilters(
                query = query,
                filters = state.filters,
                location = state.location,
                actions = FilterActions(
                    onQuery = {
                        query = it
                        viewModel.setText(it)
                    },
                    onCategory = viewModel::setCategory,
                    onOpenNow = viewModel::setOpenNow,
                    onWheelchair = viewModel::setWheelchair,
                    onNearMe = toggleNearMe
                )
            )
            LocationHint(state.location, problem, onRetry = toggleNearMe)
            PullToRefreshBox(
                isRefreshing = state.refreshing,
                onRefresh = viewModel::refresh,
                modifier = Modifier
                    .weight(1f)
                    .fillMaxWidth()
            ) {
                FinderContent(
                    state,
                    onRetry = viewModel::refresh,
                    onClearFilters = {
                        query = ""
                        viewModel.clearFilters()
                    },
                    onOpen = onOpen
                )
            }
        }
    }
}

@Composable
private fun FinderContent(
    state: FinderState,
    onRetry: () -> Unit,
    onClearFilters: () -> Unit,
    onOpen: (String) -> Unit
) {
    when (state.phase) {
        FinderPhase.LOADING -> FullScreenMessage(stringResource(R.string.facilities_loading))

        FinderPhase.ERROR -> FullScreenMessage(
            stringResource((state.error ?: ErrorKind.OTHER).message()),
            actionLabel = stringResource(R.string.action_retry),
            onAction = onRetry
        )

        FinderPhase.NO_MATCH -> Column(Modifier.fillMaxSize()) {
            state.error?.let { StaleBanner(it, onRetry) }
            // Only filters the citizen set can be reset; with none, the layer itself is empty.
            val filtered = state.filters != FinderFilters()
            FullScreenMessage(
                stringResource(if (filtered) R.string.facilities_no_match else R.string.facilities_empty),
                actionLabel = stringResource(
                    if (filtered) R.string.facilities_clear_filters else R.string.action_refresh
                ),
                onAction = if (filtered) onClearFilters else onRetry
            )
        }

        FinderPhase.RESULTS -> LazyColumn(Modifier.fillMaxSize()) {
            state.error?.let { error -> item(key = "banner") { StaleBanner(error, onRetry) } }
            items(state.rows, key = { it.id }) { row ->
                FacilityRowItem(row, onClick = { onOpen(row.id) })
                HorizontalDivider()
            }
        }
    }
}

/** The last download failed: the facilities shown are those stored on the phone. */
@Composable
private fun StaleBanner(error: ErrorKind, onRetry: () -> Unit) {
    val colors = MaterialTheme.colorScheme
    if (error == ErrorKind.OFFLINE) {
        Banner(
            stringResource(R.string.facilities_banner_offline),
            color = colors.secondaryContainer,
            onColor = colors.onSecondaryContainer,
            onRetry = onRetry
        )
    } else {
        Banner(
            stringResource(R.string.facilities_banner_failed),
            color = colors.errorContainer,
            onColor = colors.onErrorContainer,
            onRetry = onRetry
        )
    }
}
