// One facility in full: open now, hours, address, step-free access, and buttons to call it,
// open its web page and find the way there.

package de.leipzig.nahbeimir.app.ui.facilities

import android.content.Context
import android.widget.Toast
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowForward
import androidx.compose.material.icons.filled.Call
import androidx.compose.material.icons.filled.Place
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.BrowserTabs
import de.leipzig.nahbeimir.app.platform.ExternalApps
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.facilities.FacilityDetail
import de.leipzig.nahbeimir.presentation.facilities.FacilityDetailPhase

/**
 * A facility's detail, read from the phone: open or closed now with the next change, the
 * hours as the city publishes them with their remark, the address, step-free access, and
 * "call" (the dialer, number filled in), "website" (Custom Tab) and "directions" (the map
 * app, else the map on openstreetmap.org). Says so when the facility left the city's layer.
 */
@Composable
fun FacilityDetailScreen(viewModel: FacilityDetailViewModel, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    // Back on screen, "open until" may have passed.
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { viewModel.recheck() }
    Scaffold(topBar = { LeipzigTopBar(stringResource(R.string.facility_detail_title), onBack = onBack) }) { padding ->
        Box(
            Modifier
                .padding(padding)
                .fillMaxSize()
        ) {
            when (state.phase) {
                FacilityDetailPhase.LOADING -> {
                    val loading = stringResource(R.string.facility_loading)
                    CircularProgressIndicator(
                        Modifier
                            .align(Alignment.Center)
                            .semantics { contentDescription = loading }
                    )
                }

                FacilityDetailPhase.NOT_FOUND -> FullScreenMessage(stringResource(R.string.facility_gone))

                FacilityDetailPhase.ERROR -> FullScreenMessage(
                    stringResource((state.error ?: ErrorKind.OTHER).message()),
                    actionLabel = stringResource(R.string.action_retry),
                    onAction = viewModel::recheck
                )

                // CONTENT always comes with its detail.
                FacilityDetailPhase.CONTENT -> state.detail?.let { FacilityDetailContent(it) }
            }
        }
    }
}

@Composable
private fun FacilityDetailContent(detail: FacilityDetail) {
    val row = detail.row
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp)
    ) {
        Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(
                row.categoryName(),
                style = MaterialTheme.typography.labelLarge,
                color = MaterialTheme.colorScheme.primary
            )
            Text(row.name, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
            OpenStateText(row, style = MaterialTheme.typography.bodyLarge)
        }
        Address(detail)
        Section(R.string.facility_hours) {
            Text(
                detail.openingHours ?: stringResource(R.string.facility_hours_none),
                style = MaterialTheme.typography.bodyLarge
            )
            detail.openingComment?.let {
                Text(it, style = MaterialTheme.typography.bodyMedium, fontStyle = FontStyle.Italic)
            }
        }
        Section(R.string.facility_access) {
            Text(stringResource(row.wheelchair.title()), style = MaterialTheme.typography.bodyLarge)
        }
        Actions(detail)
    }
}

@Composable
private fun Address(detail: FacilityDetail) {
    val row = detail.row
    if (row.address.isBlank() && row.district == null) return
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        // Decorative: the text is the address.
        Icon(Icons.Filled.Place, contentDescription = null, tint = MaterialTheme.colorScheme.onSurfaceVariant)
        Column {
            if (row.address.isNotBlank()) Text(row.address, style = MaterialTheme.typography.bodyLarge)
            row.district?.let {
                Text(
                    it,
                    style = MaterialTheme.typography.bodyMedium,
                    color = MaterialTheme.colorScheme.onSurfaceVariant
                )
            }
        }
    }
}

@Composable
private fun Section(@StringRes title: Int, content: @Composable () -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(
            stringResource(title),
            style = MaterialTheme.typography.titleMedium,
            modifier = Modifier.semantics { heading() }
        )
        content()
    }
}

/** Call (when there is a number), website (when there is one) and directions (always). */
@Composable
private fun Actions(detail: FacilityDetail) {
    val context = LocalContext.current
    Column(
        modifier = Modifier.padding(top = 8.dp),
        verticalArrangement = Arrangement.spacedBy(8.dp)
    ) {
        detail.phone?.let { phone ->
            Button(
                onClick = { if (!ExternalApps.dial(context, phone)) context.toast(R.string.facility_no_dialer) },
                modifier = Modifier
                    .fillMaxWidth()
                    .heightIn(min = MinTouchTarget)
            ) {
                ButtonContent(Icons.Filled.Call, stringResource(R.string.facility_call, phone))
            }
        }
        detail.website?.let { website ->
            OutlinedButton(
                onClick = { if (!BrowserTabs.open(context, website)) context.toast(R.string.browser_unavailable) },
                modifier = Modifier
                    .fillMaxWidth()
                    .heightIn(min = MinTouchTarget)
            ) {
                ButtonContent(Icons.AutoMirrored.Filled.ArrowForward, stringResource(R.string.facility_website))
            }
        }
        OutlinedButton(
            onClick = {
                if (!ExternalApps.showOnMap(context, detail.geoUri, detail.webMapUrl)) {
                    context.toast(R.string.facility_no_map)
                }
            },
            modifier = Modifier
                .fillMaxWidth()
                .heightIn(min = MinTouchTarget)
        ) {
            ButtonContent(Icons.Filled.Place, stringResource(R.string.facility_directions))
        }
    }
}

@Composable
private fun ButtonContent(icon: ImageVector, label: String) {
    // Decorative: the button's text says what it does.
    Icon(icon, contentDescription = null, modifier = Modifier.size(ButtonDefaults.IconSize))
    Spacer(Modifier.size(ButtonDefaults.IconSpacing))
    Text(label)
}

private fun Context.toast(@StringRes text: Int) = Toast.makeText(this, text, Toast.LENGTH_LONG).show()
