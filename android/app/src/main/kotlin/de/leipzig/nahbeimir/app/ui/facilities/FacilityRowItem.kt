// One facility in the finder's result list.

package de.leipzig.nahbeimir.app.ui.facilities

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.presentation.facilities.FacilityRow

/**
 * One result: category, name, district and address, open or closed now with the next
 * change, the step-free badge and, with "near me" on, the distance. The whole row is one
 * touch target that TalkBack reads as one item and announces as "show details".
 */
@Composable
fun FacilityRowItem(row: FacilityRow, onClick: () -> Unit) {
    ListItem(
        modifier = Modifier.clickable(onClickLabel = stringResource(R.string.facility_show), onClick = onClick),
        overlineContent = { Text(row.categoryName()) },
        headlineContent = { Text(row.name, style = MaterialTheme.typography.titleMedium) },
        supportingContent = {
            Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                val place = listOfNotNull(row.district, row.address.takeIf { it.isNotBlank() })
                if (place.isNotEmpty()) Text(place.joinToString(" · "))
                OpenStateText(row)
                WheelchairBadge(row.wheelchair)
            }
        },
        trailingContent = row.distance?.let { distance ->
            { Text(stringResource(R.string.facility_distance, distance), style = MaterialTheme.typography.labelLarge) }
        }
    )
}
