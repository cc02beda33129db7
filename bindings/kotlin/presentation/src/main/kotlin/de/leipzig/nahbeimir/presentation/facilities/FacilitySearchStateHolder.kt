package de.leipzig.nahbeimir.presentation.facilities

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Facilities
import de.leipzig.nahbeimir.core.FacilityHit
import de.leipzig.nahbeimir.core.FacilityQuery
import de.leipzig.nahbeimir.core.GeoPoint
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.time.Instant
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** What the finder shows. */
enum class FinderPhase {
    /** Nothing stored yet and the first download is under way. */
    LOADING,

    /** Facilities to show. */
    RESULTS,

    /** The layer is there, but nothing matches the filters. */
    NO_MATCH,

    /** Nothing stored and the download failed: [FinderState.error] with retry. */
    ERROR
}

/** "Near me": the shell asks for permission and a position; this only records the outcome. */
enum class LocationStatus {
    /** Not used: results by relevance. */
    OFF,

    /** Asked for; waiting for permission or a first fix. */
    WAITING,

    /** In use: nearest first, with distances. */
    ON,

    /** Permission refused or no position: results by relevance, with a hint. */
    UNAVAILABLE
}

/** The filters, as the citizen set them. */
data class FinderFilters(
    val text: String = "",
    val category: FacilityCategory? = null,
    val openNow: Boolean = false,
    val wheelchair: Boolean = false
)

/** The finder screen's state. */
data class FinderState(
    val phase: FinderPhase,
    val filters: FinderFilters = FinderFilters(),
    val location: LocationStatus = LocationStatus.OFF,
    val rows: List<FacilityRow> = emptyList(),
    /** A download is running (pull to refresh). */
    val refreshing: Boolean = false,
    /**
     * The last download failed, or the core could not answer these filters; shown as a
     * banner while stored facilities are listed. A later successful answer clears a search
     * failure, a later successful download a download failure.
     */
    val error: ErrorKind? = null,
    /** The rows are still those of earlier filters; the new answer is on its way. */
    val searching: Boolean = false
)

/** An answer of the core, with the question it answers. */
private data class Found(
    val hits: List<FacilityHit>,
    val at: Instant,
    val stored: Boolean,
    val filters: FinderFilters,
    val point: GeoPoint?,
    /** The core could not answer this question (e.g. a position outside WGS84). */
    val failed: ErrorKind? = null
)

/**
 * State holder of the facility finder: search with filters, near me, open now — all
 * answered by the core from the phone's copy of the city's layer, so it works on the
 * tram. The layer is downloaded when none is stored, and on [refresh]. [now] is the
 * instant "open now" refers to (a parameter so tests can stand on a holiday); the answer
 * is re-evaluated every [recheckMillis] and on [recheck], so "open" turns into "closed"
 * at closing time while the screen is shown.
 */
class FacilitySearchStateHolder(
    private val facilities: Facilities,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    private val now: () -> Instant = Instant::now,
    private val limit: UInt = 50u,
    recheckMillis: Long = 60_000
) {
    private val filters = MutableStateFlow(FinderFilters())
    private val location = MutableStateFlow(LocationStatus.OFF)
    private val point = MutableStateFlow<GeoPoint?>(null)
    private val found = MutableStateFlow<Found?>(null)
    private val refreshing = MutableStateFlow(false)
    private val error = MutableStateFlow<ErrorKind?>(null)
    private val inFlight = AtomicBoolean(false)
    private val ticks = MutableStateFlow(0L)

    /** The screen's state. */
    val state: StateFlow<FinderState> = combine(
        combine(filters, location, point, found) { f, l, p, hits -> Question(f, l, p, hits) },
        combine(refreshing, error, ::Pair),
        formats
    ) { q, (r, e), fmt -> render(q, r, e, fmt) }
        .stateIn(scope, SharingStarted.Eagerly, FinderState(FinderPhase.LOADING))

    init {
        scope.launch {
            // Re-run on every change of the filters, the position or the stored layer.
            combine(filters, point, ticks, facilities.changes().flowOn(io)) { f, p, _, _ -> f to p }
                .collectLatest { (f, p) -> found.value = search(f, p) }
        }
        scope.launch {
            while (true) {
                delay(recheckMillis)
                recheck()
            }
        }
        scope.launch {
            val stored = try {
                withContext(io) { facilities.count() }
            } catch (e: ApiException) {
                0uL
            }
            if (stored == 0uL) refresh()
        }
    }

    private suspend fun search(f: FinderFilters, p: GeoPoint?): Found {
        val at = now()
        val query = FacilityQuery(f.text, f.category?.key, p, f.openNow, at, f.wheelchair, limit)
        return try {
            withContext(io) { Found(facilities.search(query), at, facilities.count() > 0uL, f, p) }
        } catch (e: ApiException) {
            Found(emptyList(), at, stored = true, f, p, failed = ErrorKind.of(e))
        }
    }

    /** The search text as typed; any spelling of umlauts finds the same. */
    fun setText(text: String) = filters.value.let { filters.value = it.copy(text = text) }

    /** Only one kind of facility; null = every kind. */
    fun setCategory(category: FacilityCategory?) = filters.value.let { filters.value = it.copy(category = category) }

    /** Only facilities known to be open now. */
    fun setOpenNow(on: Boolean) = filters.value.let { filters.value = it.copy(openNow = on) }

    /** Only fully step-free facilities. */
    fun setWheelchair(on: Boolean) = filters.value.let { filters.value = it.copy(wheelchair = on) }

    /** The citizen tapped "near me": the shell now asks for permission and a position. */
    fun requestLocation() {
        if (location.value != LocationStatus.ON) location.value = LocationStatus.WAITING
    }

    /** The platform delivered a position (also later updates). */
    fun locationFound(lat: Double, lon: Double) {
        point.value = GeoPoint(lat, lon)
        location.value = LocationStatus.ON
    }

    /** Permission refused, or no position could be had. */
    fun locationUnavailable() {
        point.value = null
        location.value = LocationStatus.UNAVAILABLE
    }

    /** Back to results by relevance. */
    fun stopUsingLocation() {
        point.value = null
        location.value = LocationStatus.OFF
    }

    /** Evaluates the opening hours again for the current time (e.g. back in the foreground). */
    fun recheck() {
        ticks.value += 1
    }

    /** Downloads the city's layer (a conditional request); a no-op while one runs. */
    fun refresh() {
        if (!inFlight.compareAndSet(false, true)) return
        refreshing.value = true
        scope.launch {
            try {
                withContext(io) { facilities.refresh() }
                error.value = null
            } catch (e: ApiException) {
                error.value = ErrorKind.of(e)
            } finally {
                // Free before the outcome is shown: a retry tapped at once must run.
                inFlight.set(false)
                refreshing.value = false
            }
        }
    }

    private data class Question(val f: FinderFilters, val l: LocationStatus, val p: GeoPoint?, val found: Found?)

    private fun render(q: Question, refreshing: Boolean, downloadError: ErrorKind?, formats: Formats): FinderState {
        val found = q.found
        val rows = found?.hits.orEmpty().map { it.toRow(formats, found?.at ?: now()) }
        val error = downloadError ?: found?.failed
        val phase = when {
            rows.isNotEmpty() -> FinderPhase.RESULTS

            found?.stored == true -> FinderPhase.NO_MATCH

            refreshing || found == null -> FinderPhase.LOADING

            error != null -> FinderPhase.ERROR

            // Downloaded, yet nothing stored: the answer to the new layer is on its way.
            else -> FinderPhase.NO_MATCH
        }
        val searching = found != null && (found.filters != q.f || found.point != q.p)
        return FinderState(phase, q.f, q.l, rows, refreshing, error, searching)
    }
}
