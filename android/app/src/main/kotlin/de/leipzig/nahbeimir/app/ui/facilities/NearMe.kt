// "Near me" in the finder: the location permission request behind the chip, and the hint
// that says why the results are not sorted by distance (with the way out of it).

package de.leipzig.nahbeimir.app.ui.facilities

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.CurrentLocation
import de.leipzig.nahbeimir.app.platform.ExternalApps
import de.leipzig.nahbeimir.app.ui.common.MinTouchTarget
import de.leipzig.nahbeimir.presentation.facilities.LocationStatus

/**
 * The "near me" chip's action, a toggle: on (or still waiting) turns it off; off or
 * unavailable asks Android for approximate or precise location when not yet allowed (only
 * now, when the citizen asked for it) and then gets a position.
 */
@Composable
fun rememberNearMeToggle(viewModel: FacilitiesViewModel): () -> Unit {
    val permission = rememberLauncherForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) { grants ->
        viewModel.locationPermission(grants.values.any { it })
    }
    return remember(viewModel, permission) {
        {
            when (viewModel.state.value.location) {
                LocationStatus.ON, LocationStatus.WAITING -> viewModel.stopUsingLocation()

                LocationStatus.OFF, LocationStatus.UNAVAILABLE ->
                    if (viewModel.startNearMe()) permission.launch(CurrentLocation.PERMISSIONS)
            }
        }
    }
}

/**
 * Below the chips while "near me" is waiting for a position, or could not be used: why, and
 * the button that helps (Android's app settings after a refusal, the location settings
 * when location is off, else try again). Announced by TalkBack when it appears.
 */
@Composable
fun LocationHint(status: LocationStatus, problem: LocationProblem?, onRetry: () -> Unit) {
    val context = LocalContext.current
    when (status) {
        LocationStatus.WAITING -> HintRow(R.string.facilities_locating)

        LocationStatus.UNAVAILABLE -> when (problem) {
            // The settings app is on every phone; should it be missing, the hint stays as it is.
            LocationProblem.DENIED -> HintRow(R.string.facilities_location_denied, R.string.facilities_open_settings) {
                ExternalApps.openAppSettings(context)
            }

            LocationProblem.SWITCHED_OFF ->
                HintRow(R.string.facilities_location_off, R.string.facilities_open_location_settings) {
                    ExternalApps.openLocationSettings(context)
                }

            LocationProblem.NO_FIX, null -> HintRow(R.string.facilities_location_no_fix, R.string.action_retry, onRetry)
        }

        LocationStatus.OFF, LocationStatus.ON -> Unit
    }
}

@Composable
private fun HintRow(@StringRes text: Int, @StringRes action: Int? = null, onAction: () -> Unit = {}) {
    Surface(
        color = MaterialTheme.colorScheme.secondaryContainer,
        contentColor = MaterialTheme.colorScheme.onSecondaryContainer,
        modifier = Modifier
            .fillMaxWidth()
            .padding(horizontal = 16.dp, vertical = 4.dp)
            .semantics { liveRegion = LiveRegionMode.Polite },
        shape = MaterialTheme.shapes.medium
    ) {
        Row(
            modifier = Modifier.padding(horizontal = 12.dp, vertical = 8.dp),
            verticalAlignment = Alignment.CenterVertically,
            horizontalArrangement = Arrangement.spacedBy(8.dp)
        ) {
            Text(stringResource(text), style = MaterialTheme.typography.bodyMedium, modifier = Modifier.weight(1f))
            if (action != null) {
                TextButton(onClick = onAction, modifier = Modifier.heightIn(min = MinTouchTarget)) {
                    Text(stringResource(action))
                }
            }
        }
    }
}
