// The finder's search field and filter chips (near me, open now, step-free, categories).

package de.leipzig.nahbeimir.app.ui.facilities

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyListScope
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.Clear
import androidx.compose.material.icons.filled.LocationOn
import androidx.compose.material.icons.filled.Search
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FilterChip
import androidx.compose.material3.FilterChipDefaults
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalFocusManager
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.presentation.facilities.FacilityCategory
import de.leipzig.nahbeimir.presentation.facilities.FinderFilters
import de.leipzig.nahbeimir.presentation.facilities.LocationStatus

/** What the filter controls do; each is forwarded to the view model. */
class FilterActions(
    val onQuery: (String) -> Unit,
    val onCategory: (FacilityCategory?) -> Unit,
    val onOpenNow: (Boolean) -> Unit,
    val onWheelchair: (Boolean) -> Unit,
    val onNearMe: () -> Unit
)

/**
 * The search field ([query] is the text as typed, kept by the screen so typing never waits
 * for the state holder), then a row of filter chips (near me, open now, step-free) and a row
 * of category chips ("all" and one per [FacilityCategory]). Selected chips show a tick, so
 * the state does not rely on colour; TalkBack announces them as selected.
 */
@Composable
fun FacilityFilters(query: String, filters: FinderFilters, location: LocationStatus, actions: FilterActions) {
    Column(
        modifier = Modifier
            .fillMaxWidth()
            .padding(top = 8.dp),
        verticalArrangement = Arrangement.spacedBy(4.dp)
    ) {
        SearchField(query, actions.onQuery)
        ChipRow {
            item(key = "near") { NearMeChip(location, actions.onNearMe) }
            item(key = "open") {
                Chip(stringResource(R.string.facilities_filter_open_now), filters.openNow) {
                    actions.onOpenNow(!filters.openNow)
                }
            }
            item(key = "wheelchair") {
                Chip(stringResource(R.string.facilities_filter_wheelchair), filters.wheelchair) {
                    actions.onWheelchair(!filters.wheelchair)
                }
            }
        }
        ChipRow {
            item(key = "all") {
                Chip(stringResource(R.string.facilities_category_all), filters.category == null) {
                    actions.onCategory(null)
                }
            }
            items(FacilityCategory.entries, key = { it.key }) { category ->
                val selected = filters.category == category
                Chip(stringResource(category.title()), selected) {
                    actions.onCategory(if (selected) null else category)
                }
            }
        }
    }
}

/** Chips side by side, scrolling sideways when they do not fit (large fonts, narrow phones). */
@Composable
private fun ChipRow(content: LazyListScope.() -> Unit) = LazyRow(
    contentPadding = PaddingValues(horizontal = 16.dp),
    horizontalArrangement = Arrangement.spacedBy(8.dp),
    content = content
)

@Composable
private fun SearchField(query: String, onQuery: (String) -> Unit) {
    val focus = LocalFocusManager.current
    OutlinedTextField(
        value = query,
        onValueChange = onQuery,
        label = { Text(stringResource(R.string.facilities_search)) },
        // Decorative: the field's label says what it is for.
        leadingIcon = { Icon(Icons.Filled.Search, contentDescription = null) },
        trailingIcon = if (query.isEmpty()) {
            null
        } else {
            {
                IconButton(onClick = { onQuery("") }) {
                    Icon(Icons.Filled.Clear, contentDescription = stringResource(R.string.facilities_search_clear))
                }
            }
        },
        singleLine = true,
        // The list follows every keystroke; "search" on the keyboard only closes it.
        keyboardOptions = KeyboardOptions(imeAction = ImeAction.Search),
        keyboardActions = KeyboardActions(onSearch = { focus.clearFocus() }),
        modifier = Modifier
            .fillMaxWidth()
            .padding(horizontal = 16.dp)
    )
}

@Composable
private fun NearMeChip(location: LocationStatus, onClick: () -> Unit) {
    val waiting = location == LocationStatus.WAITING
    FilterChip(
        selected = location == LocationStatus.ON || waiting,
        onClick = onClick,
        label = { Text(stringResource(R.string.facilities_near_me)) },
        leadingIcon = {
            // Decorative: the hint below the chips says in words that the position is being found.
            if (waiting) {
                CircularProgressIndicator(Modifier.size(FilterChipDefaults.IconSize), strokeWidth = 2.dp)
            } else {
                Icon(Icons.Filled.LocationOn, contentDescription = null, Modifier.size(FilterChipDefaults.IconSize))
            }
        }
    )
}

@Composable
private fun Chip(label: String, selected: Boolean, onClick: () -> Unit) {
    FilterChip(
        selected = selected,
        onClick = onClick,
        label = { Text(label) },
        leadingIcon = if (selected) {
            { Icon(Icons.Filled.Check, contentDescription = null, Modifier.size(FilterChipDefaults.IconSize)) }
        } else {
            null
        }
    )
}
