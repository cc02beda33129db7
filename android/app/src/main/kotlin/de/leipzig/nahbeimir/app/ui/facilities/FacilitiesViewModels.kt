// View models of the facility finder and a facility's detail: each keeps one state holder
// of the presentation module; the finder's also fetches the position for "near me".

package de.leipzig.nahbeimir.app.ui.facilities

import android.os.SystemClock
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.app.platform.CurrentLocation
import de.leipzig.nahbeimir.app.platform.LocationOutcome
import de.leipzig.nahbeimir.presentation.facilities.FacilityCategory
import de.leipzig.nahbeimir.presentation.facilities.FacilityDetailState
import de.leipzig.nahbeimir.presentation.facilities.FacilityDetailStateHolder
import de.leipzig.nahbeimir.presentation.facilities.FacilitySearchStateHolder
import de.leipzig.nahbeimir.presentation.facilities.FinderState
import de.leipzig.nahbeimir.presentation.facilities.LocationStatus
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/**
 * Why "near me" is [LocationStatus.UNAVAILABLE]: the presentation layer knows only that it
 * is; which hint and which settings button fit is Android's business.
 */
enum class LocationProblem {
    /** The citizen refused the location permission (now or for good). */
    DENIED,

    /** Location is switched off on the phone. */
    SWITCHED_OFF,

    /** No position came in time. */
    NO_FIX
}

/**
 * Keeps a [FacilitySearchStateHolder]; forwards its intents. For "near me" it also gets the
 * position from [CurrentLocation] (here, not in the screen, so a rotation does not lose the
 * fix) and tells the holder what came of it; what "near me" then does is the holder's.
 */
class FacilitiesViewModel(container: AppContainer) : ViewModel() {
    private val holder =
        FacilitySearchStateHolder(container.facilities, viewModelScope, container.languageSetting.formats)
    private val location: CurrentLocation = container.location
    private val problem = MutableStateFlow<LocationProblem?>(null)
    private var locating: Job? = null
    private var fixedAtNanos: Long? = null

    /** The finder's state. */
    val state: StateFlow<FinderState> = holder.state

    /** Why "near me" is unavailable, while it is; null otherwise. */
    val locationProblem: StateFlow<LocationProblem?> = problem.asStateFlow()

    /** The search text as typed. */
    fun setText(text: String) = holder.setText(text)

    /** A category chip; null = "all". */
    fun setCategory(category: FacilityCategory?) = holder.setCategory(category)

    /** The "open now" chip. */
    fun setOpenNow(on: Boolean) = holder.setOpenNow(on)

    /** The "step-free" chip. */
    fun setWheelchair(on: Boolean) = holder.setWheelchair(on)

    /** "Reset filters" when nothing matched; "near me" stays as it is. */
    fun clearFilters() {
        holder.setText("")
        holder.setCategory(null)
        holder.setOpenNow(false)
        holder.setWheelchair(false)
    }

    /** Pull to refresh, the refresh action and "try again". */
    fun refresh() = holder.refresh()

    /**
     * "Near me" was tapped. Returns true when the screen must ask for the location permission
     * first and report the answer to [locationPermission]; else the position is on its way.
     */
    fun startNearMe(): Boolean {
        problem.value = null
        holder.requestLocation()
        if (!location.permitted()) return true
        locate(quiet = false)
        return false
    }

    /** The permission request ended: with approximate or precise location allowed, get a fix. */
    fun locationPermission(granted: Boolean) {
        if (granted || location.permitted()) locate(quiet = false) else unavailable(LocationProblem.DENIED)
    }

    /** "Near me" tapped again: back to results by relevance. */
    fun stopUsingLocation() {
        locating?.cancel()
        problem.value = null
        holder.stopUsingLocation()
    }

    /**
     * The screen is in the foreground again: open and closed for the current time; while
     * "near me" is on, a fresh position if the last is older than a minute (the old one stays
     * if none comes); and if the citizen just allowed location or switched it on in the
     * settings the hint sent them to, the position now.
     */
    fun resumed() {
        holder.recheck()
        val status = state.value.location
        val age = fixedAtNanos?.let { SystemClock.elapsedRealtimeNanos() - it }
        val settled = when (problem.value) {
            LocationProblem.DENIED -> location.permitted()
            LocationProblem.SWITCHED_OFF -> location.permitted() && location.enabled()
            else -> false
        }
        when {
            status == LocationStatus.ON && (age == null || age > REFIX_NANOS) -> locate(quiet = true)
            status == LocationStatus.UNAVAILABLE && settled -> startNearMe()
        }
    }

    private fun locate(quiet: Boolean) {
        locating?.cancel()
        locating = viewModelScope.launch {
            when (val outcome = location.current()) {
                is LocationOutcome.Found -> {
                    fixedAtNanos = SystemClock.elapsedRealtimeNanos()
                    problem.value = null
                    holder.locationFound(outcome.latitude, outcome.longitude)
                }

                LocationOutcome.Denied -> unavailable(LocationProblem.DENIED)

                LocationOutcome.SwitchedOff -> if (!quiet) unavailable(LocationProblem.SWITCHED_OFF)

                LocationOutcome.NoFix -> if (!quiet) unavailable(LocationProblem.NO_FIX)
            }
        }
    }

    private fun unavailable(reason: LocationProblem) {
        problem.value = reason
        holder.locationUnavailable()
    }

    private companion object {
        /** On return to the screen, a position younger than a minute is kept. */
        const val REFIX_NANOS = 60_000_000_000L
    }
}

/** Keeps a [FacilityDetailStateHolder] for facility [id] across configuration changes. */
class FacilityDetailViewModel(container: AppContainer, id: String) : ViewModel() {
    private val holder =
        FacilityDetailStateHolder(container.facilities, id, viewModelScope, container.languageSetting.formats)

    /** The detail's state. */
    val state: StateFlow<FacilityDetailState> = holder.state

    /** Reads the facility again now: back on screen, or retry after an error. */
    fun recheck() = holder.recheck()
}
