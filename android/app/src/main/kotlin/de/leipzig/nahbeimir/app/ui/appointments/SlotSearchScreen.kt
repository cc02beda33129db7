package de.leipzig.nahbeimir.app.ui.appointments

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Search
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.ListItem
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.core.Office
import de.leipzig.nahbeimir.core.Slot
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.appointments.SearchPhase
import de.leipzig.nahbeimir.presentation.appointments.ServiceOption

/**
 * The slot search: pick a service (a searchable list), then optionally offices and a period,
 * search, and tap a free slot to book it. With nothing free, the citizen can have the city
 * watch for one ([watches]). The phases are the state holder's; this only shows them.
 */
@Composable
fun SlotSearchScreen(
    viewModel: SlotSearchViewModel,
    watches: WatchesViewModel,
    onServices: (List<ServiceOption>) -> Unit,
    onBook: (Slot, Office) -> Unit,
    onWatches: () -> Unit,
    onBack: () -> Unit
) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    val watchesState by watches.state.collectAsStateWithLifecycle()
    // "Change" of the service shows the list again; the holder keeps the old choice until then.
    var choosing by rememberSaveable { mutableStateOf(false) }
    BackHandler(enabled = choosing && state.serviceId != null) { choosing = false }
    LaunchedEffect(state.services) { onServices(state.services) }

    Scaffold(topBar = { LeipzigTopBar(stringResource(R.string.appointments_search), onBack = onBack) }) { padding ->
        Box(
            Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            val service = state.serviceId
            when {
                state.phase == SearchPhase.LOADING -> FullScreenMessage(stringResource(R.string.search_loading))

                service == null && state.phase == SearchPhase.ERROR -> FullScreenMessage(
                    stringResource((state.error ?: ErrorKind.OTHER).message()),
                    actionLabel = stringResource(R.string.action_retry),
                    onAction = viewModel::search
                )

                service == null || choosing -> ServicePicker(state.services) { id ->
                    choosing = false
                    if (id != service) viewModel.selectService(id)
                }

                else -> SearchForm(
                    state = state,
                    serviceName = state.services.firstOrNull { it.id == service }?.name.orEmpty(),
                    watchError = watchesState.error,
                    actions = SearchFormActions(
                        onChangeService = { choosing = true },
                        onToggleOffice = viewModel::toggleOffice,
                        onPeriod = viewModel::setPeriod,
                        onSearch = viewModel::search,
                        // After an error: what failed again (the offices, or the search).
                        onRetry = {
                            if (state.offices.isEmpty()) viewModel.selectService(service) else viewModel.search()
                        },
                        onSlot = { row -> viewModel.office(row.slot.officeId)?.let { onBook(row.slot, it) } },
                        onWatch = {
                            watches.add(service, state.selectedOffices.toList(), state.from, state.to)
                        },
                        onWatches = onWatches
                    )
                )
            }
        }
    }
}

/** The service list, filtered by what the citizen types. */
@Composable
private fun ServicePicker(services: List<ServiceOption>, onPick: (UInt) -> Unit) {
    var query by rememberSaveable { mutableStateOf("") }
    val shown = remember(services, query) {
        val words = query.trim()
        services.filter { it.name.contains(words, ignoreCase = true) }
    }
    Column(Modifier.fillMaxSize()) {
        OutlinedTextField(
            value = query,
            onValueChange = { query = it },
            label = { Text(stringResource(R.string.search_service_filter)) },
            leadingIcon = { Icon(Icons.Filled.Search, contentDescription = null) },
            singleLine = true,
            modifier = Modifier
                .fillMaxWidth()
                .padding(16.dp)
        )
        LazyColumn(Modifier.fillMaxSize()) {
            if (shown.isEmpty()) {
                item(key = "none") {
                    Text(stringResource(R.string.search_service_none, query.trim()), modifier = Modifier.padding(16.dp))
                }
            }
            // Keys as Long: lazy list keys must fit in a Bundle, a UInt does not.
            items(shown, key = { it.id.toLong() }) { service ->
                ListItem(
                    headlineContent = { Text(service.name) },
                    modifier = Modifier.clickable(onClickLabel = stringResource(R.string.search_service_pick)) {
                        onPick(service.id)
                    }
                )
                HorizontalDivider()
            }
        }
    }
}
