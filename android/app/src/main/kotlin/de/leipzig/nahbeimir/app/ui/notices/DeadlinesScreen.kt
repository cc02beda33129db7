// Every deadline of every notice: the at-risk warning on top, then open, passed and met ones.
package de.leipzig.nahbeimir.app.ui.notices

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyListScope
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.Banner
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.notices.DeadlineRow

/**
 * The deadlines of all notices, from the phone (also offline): how many are at risk on top
 * (3 days or less without a received answer, or an answer only on the phone), then those still
 * to meet with their days left, the passed ones and those met. A deadline leads to its notice.
 */
@Composable
fun DeadlinesScreen(viewModel: DeadlinesViewModel, onOpen: (String) -> Unit, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    Scaffold(topBar = { LeipzigTopBar(stringResource(R.string.deadlines_title), onBack = onBack) }) { padding ->
        Column(
            Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            val error = state.error
            when {
                state.loading -> FullScreenMessage(stringResource(R.string.deadlines_loading))

                error != null && state.upcoming.isEmpty() -> FullScreenMessage(stringResource(error.message()))

                state.upcoming.isEmpty() && state.passed.isEmpty() && state.met.isEmpty() ->
                    FullScreenMessage(stringResource(R.string.deadlines_empty))

                else -> LazyColumn(
                    modifier = Modifier.fillMaxSize(),
                    contentPadding = PaddingValues(bottom = 16.dp),
                    verticalArrangement = Arrangement.spacedBy(12.dp)
                ) {
                    if (state.atRisk > 0) {
                        item(key = "at-risk") {
                            Banner(
                                pluralStringResource(R.plurals.notices_at_risk, state.atRisk, state.atRisk),
                                color = MaterialTheme.colorScheme.errorContainer,
                                onColor = MaterialTheme.colorScheme.onErrorContainer
                            )
                        }
                    }
                    section(R.string.deadlines_upcoming, state.upcoming, onOpen)
                    section(R.string.deadlines_passed, state.passed, onOpen)
                    section(R.string.deadlines_met, state.met, onOpen)
                }
            }
        }
    }
}

private fun LazyListScope.section(@StringRes title: Int, rows: List<DeadlineRow>, onOpen: (String) -> Unit) {
    if (rows.isEmpty()) return
    item(key = "section-$title") {
        Text(
            stringResource(title),
            style = MaterialTheme.typography.titleLarge,
            modifier = Modifier
                .padding(horizontal = 16.dp)
                .semantics { heading() }
        )
    }
    items(rows, key = { it.key }) { row ->
        Card(
            onClick = { onOpen(row.noticeId) },
            modifier = Modifier
                .fillMaxWidth()
                .padding(horizontal = 16.dp)
        ) {
            Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(row.noticeSubject, style = MaterialTheme.typography.titleMedium)
                DeadlineLine(row)
            }
        }
    }
}
