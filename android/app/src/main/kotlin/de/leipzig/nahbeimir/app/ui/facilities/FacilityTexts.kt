// Texts and small pieces the finder's rows and the detail share: category names, the
// "open until / opens at" line and the step-free badge.

package de.leipzig.nahbeimir.app.ui.facilities

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.core.Wheelchair
import de.leipzig.nahbeimir.presentation.facilities.FacilityCategory
import de.leipzig.nahbeimir.presentation.facilities.FacilityRow
import de.leipzig.nahbeimir.presentation.facilities.OpenBadge

/** A category's name, for its chip and next to each facility. */
@StringRes
fun FacilityCategory.title(): Int = when (this) {
    FacilityCategory.BUERGERBUERO -> R.string.facility_category_buergerbuero
    FacilityCategory.BIBLIOTHEK -> R.string.facility_category_bibliothek
    FacilityCategory.SCHWIMMBAD -> R.string.facility_category_schwimmbad
    FacilityCategory.KITA -> R.string.facility_category_kita
    FacilityCategory.SCHULE -> R.string.facility_category_schule
    FacilityCategory.MUSEUM -> R.string.facility_category_museum
}

/** What step-free access there is; null (not known) has its own text. */
@StringRes
fun Wheelchair?.title(): Int = when (this) {
    Wheelchair.YES -> R.string.facility_wheelchair_yes
    Wheelchair.LIMITED -> R.string.facility_wheelchair_limited
    Wheelchair.NO -> R.string.facility_wheelchair_no
    null -> R.string.facility_wheelchair_unknown
}

/** The row's category; the layer's own key for a kind the app has no name for. */
@Composable
fun FacilityRow.categoryName(): String = category?.let { stringResource(it.title()) } ?: categoryKey

/**
 * Open or closed now with the next change ("Geöffnet bis 18:00", "Geschlossen · öffnet Do
 * 09:00"), in words, so it does not rely on the colour; never "open" when not known.
 */
@Composable
fun OpenStateText(row: FacilityRow, style: TextStyle = MaterialTheme.typography.bodyMedium) {
    val change = row.nextChange
    val text = when (row.badge) {
        OpenBadge.OPEN -> if (change == null) {
            stringResource(R.string.facility_open)
        } else {
            stringResource(R.string.facility_open_until, change)
        }

        OpenBadge.CLOSED -> if (change == null) {
            stringResource(R.string.facility_closed)
        } else {
            stringResource(R.string.facility_closed_opens, change)
        }

        OpenBadge.UNKNOWN -> stringResource(R.string.facility_hours_unknown)
    }
    val colors = MaterialTheme.colorScheme
    Text(
        text,
        style = style,
        color = if (row.badge == OpenBadge.OPEN) colors.primary else colors.onSurfaceVariant,
        fontWeight = if (row.badge == OpenBadge.OPEN) FontWeight.SemiBold else FontWeight.Normal
    )
}

/** A small label with the step-free access a facility has; nothing when it is not known. */
@Composable
fun WheelchairBadge(wheelchair: Wheelchair?) {
    if (wheelchair == null) return
    val colors = MaterialTheme.colorScheme
    Surface(
        shape = MaterialTheme.shapes.small,
        color = if (wheelchair == Wheelchair.YES) colors.secondaryContainer else colors.surfaceVariant,
        contentColor = if (wheelchair == Wheelchair.YES) colors.onSecondaryContainer else colors.onSurfaceVariant
    ) {
        Text(
            stringResource(wheelchair.title()),
            style = MaterialTheme.typography.labelMedium,
            modifier = Modifier.padding(horizontal = 8.dp, vertical = 2.dp)
        )
    }
}
