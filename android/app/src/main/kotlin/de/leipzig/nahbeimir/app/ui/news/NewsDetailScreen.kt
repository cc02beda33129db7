package de.leipzig.nahbeimir.app.ui.news

import android.widget.Toast
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.BrowserTabs
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.news.NewsDetail
import de.leipzig.nahbeimir.presentation.news.NewsDetailState

/** One press release, read from the phone; the full article opens in the browser. */
@Composable
fun NewsDetailScreen(viewModel: NewsDetailViewModel, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    Scaffold(topBar = { LeipzigTopBar(stringResource(R.string.news_detail_title), onBack = onBack) }) { padding ->
        Box(
            Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            when (val current = state) {
                NewsDetailState.Loading -> {
                    val loading = stringResource(R.string.news_loading)
                    CircularProgressIndicator(
                        Modifier
                            .align(Alignment.Center)
                            .semantics { contentDescription = loading }
                    )
                }

                is NewsDetailState.Error -> FullScreenMessage(stringResource(current.kind.message()))

                is NewsDetailState.Content -> NewsDetailContent(current.detail)
            }
        }
    }
}

@Composable
private fun NewsDetailContent(detail: NewsDetail) {
    val context = LocalContext.current
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp)
    ) {
        Text(
            detail.title,
            style = MaterialTheme.typography.headlineSmall,
            modifier = Modifier.semantics { heading() }
        )
        detail.published?.let {
            Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant)
        }
        if (detail.categories.isNotEmpty()) {
            Text(
                detail.categories.joinToString(" · "),
                style = MaterialTheme.typography.labelLarge,
                color = MaterialTheme.colorScheme.primary
            )
        }
        detail.paragraphs.forEach { Text(it, style = MaterialTheme.typography.bodyLarge) }
        detail.link?.let { link ->
            Button(
                onClick = {
                    if (!BrowserTabs.open(context, link)) {
                        Toast.makeText(context, R.string.browser_unavailable, Toast.LENGTH_LONG).show()
                    }
                },
                modifier = Modifier.heightIn(min = MinTouchTarget)
            ) {
                Text(stringResource(R.string.news_open_web))
            }
        }
    }
}
