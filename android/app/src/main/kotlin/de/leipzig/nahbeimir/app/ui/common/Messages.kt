package de.leipzig.nahbeimir.app.ui.common

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R

/** Smallest touch target (WCAG 2.5.8 asks 24 dp; Android's guideline 48 dp). */
val MinTouchTarget = 48.dp

/**
 * A notice above content (offline, refresh failed). Announced by TalkBack when it appears,
 * with an optional retry button.
 */
@Composable
fun Banner(text: String, color: Color, onColor: Color, onRetry: (() -> Unit)? = null) {
    Surface(
        color = color,
        contentColor = onColor,
        modifier = Modifier
            .fillMaxWidth()
            .semantics { liveRegion = LiveRegionMode.Polite }
    ) {
        Row(
            modifier = Modifier.padding(horizontal = 16.dp, vertical = 8.dp),
            verticalAlignment = Alignment.CenterVertically,
            horizontalArrangement = Arrangement.spacedBy(8.dp)
        ) {
            Text(text, style = MaterialTheme.typography.bodyMedium, modifier = Modifier.weight(1f))
            if (onRetry != null) {
                TextButton(onClick = onRetry, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                    Text(stringResource(R.string.action_retry))
                }
            }
        }
    }
}

/**
 * A whole-screen message (empty, error, loading) with an optional action button. Scrollable,
 * so that pull-to-refresh also works on a screen that shows only this message.
 */
@Composable
fun FullScreenMessage(text: String, actionLabel: String? = null, onAction: () -> Unit = {}) {
    LazyColumn(modifier = Modifier.fillMaxSize()) {
        item {
            Column(
                modifier = Modifier
                    .fillParentMaxSize()
                    .padding(24.dp)
                    .semantics { liveRegion = LiveRegionMode.Polite },
                verticalArrangement = Arrangement.Center,
                horizontalAlignment = Alignment.CenterHorizontally
            ) {
                Text(text, style = MaterialTheme.typography.bodyLarge, textAlign = TextAlign.Center)
                if (actionLabel != null) {
                    Button(
                        onClick = onAction,
                        modifier = Modifier
                            .padding(top = 16.dp)
                            .heightIn(min = MinTouchTarget)
                    ) {
                        Text(actionLabel)
                    }
                }
            }
        }
    }
}
