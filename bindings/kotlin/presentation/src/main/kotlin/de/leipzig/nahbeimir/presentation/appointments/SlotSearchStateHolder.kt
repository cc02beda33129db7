package de.leipzig.nahbeimir.presentation.appointments

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Appointments
import de.leipzig.nahbeimir.core.Office
import de.leipzig.nahbeimir.core.SlotQuery
import de.leipzig.nahbeimir.core.SlotSearch
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import de.leipzig.nahbeimir.presentation.LEIPZIG
import java.time.LocalDate
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Where the search screen stands. */
enum class SearchPhase {
    /** Loading the services. */
    LOADING,

    /** Pick a service. */
    CHOOSE_SERVICE,

    /** Service chosen; ready to search. */
    READY,

    /** Asking the Bürgerbüros. */
    SEARCHING,

    /** Free slots to show. */
    RESULTS,

    /** Nothing free in the period: offer a watch. */
    NO_RESULTS,

    /** It failed: [SlotSearchState.error], with retry. */
    ERROR
}

/** A service to pick. */
data class ServiceOption(val id: UInt, val name: String)

/** The state of the slot search screen. */
data class SlotSearchState(
    val phase: SearchPhase,
    val services: List<ServiceOption> = emptyList(),
    val serviceId: UInt? = null,
    val offices: List<OfficeOption> = emptyList(),
    /** Offices chosen; empty = all of them. */
    val selectedOffices: Set<UInt> = emptySet(),
    val from: LocalDate,
    val to: LocalDate,
    val period: String = "",
    val slots: List<SlotRow> = emptyList(),
    /** Offices that could not be asked (shown as a hint). */
    val failedOffices: Int = 0,
    val error: ErrorKind? = null
)

/**
 * State holder of the slot search: pick a service, optionally offices and a period,
 * search across the Bürgerbüros. The core searches in parallel within the city's rate
 * limit; this only shows what it found.
 */
class SlotSearchStateHolder(
    private val appointments: Appointments,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    today: LocalDate = LocalDate.now(LEIPZIG)
) {
    private val raw = MutableStateFlow(Raw(phase = SearchPhase.LOADING, from = today, to = today.plusDays(13)))

    private data class Raw(
        val phase: SearchPhase,
        val services: List<ServiceOption> = emptyList(),
        val serviceId: UInt? = null,
        val offices: List<Office> = emptyList(),
        val selected: Set<UInt> = emptySet(),
        val from: LocalDate,
        val to: LocalDate,
        val found: SlotSearch? = null,
        val error: ErrorKind? = null
    )

    /** The screen's state. */
    val state: StateFlow<SlotSearchState> = combine(raw, formats) { r, f ->
        SlotSearchState(
            phase = r.phase,
            services = r.services,
            serviceId = r.serviceId,
            offices = r.offices.map { it.toOption() },
            selectedOffices = r.selected,
            from = r.from,
            to = r.to,
            period = "${f.day(r.from)} – ${f.day(r.to)}",
            slots = r.found?.slots?.map { it.toRow(f) }.orEmpty(),
            failedOffices = r.found?.failedOfficeIds?.size ?: 0,
            error = r.error
        )
    }.stateIn(
        scope,
        SharingStarted.Eagerly,
        SlotSearchState(SearchPhase.LOADING, from = today, to = today.plusDays(13))
    )

    init {
        loadServices()
    }

    private fun loadServices() {
        raw.value = raw.value.copy(phase = SearchPhase.LOADING, error = null)
        scope.launch {
            raw.value = try {
                val services = withContext(io) { appointments.services() }.map { ServiceOption(it.id, it.name) }
                raw.value.copy(phase = SearchPhase.CHOOSE_SERVICE, services = services)
            } catch (e: ApiException) {
                raw.value.copy(phase = SearchPhase.ERROR, error = ErrorKind.of(e))
            }
        }
    }

    /** Picks the service; loads the offices that offer it. */
    fun selectService(id: UInt) {
        raw.value = raw.value.copy(serviceId = id, offices = emptyList(), selected = emptySet(), found = null)
        scope.launch {
            raw.value = try {
                val offices = withContext(io) { appointments.offices(id) }
                raw.value.copy(phase = SearchPhase.READY, offices = offices, error = null)
            } catch (e: ApiException) {
                raw.value.copy(phase = SearchPhase.ERROR, error = ErrorKind.of(e))
            }
        }
    }

    /** Adds or removes an office from the search (none chosen = all). */
    fun toggleOffice(id: UInt) {
        val selected = raw.value.selected
        raw.value = raw.value.copy(selected = if (id in selected) selected - id else selected + id)
    }

    /** Sets the period (days in Leipzig). */
    fun setPeriod(from: LocalDate, to: LocalDate) {
        raw.value = raw.value.copy(from = from, to = maxOf(from, to))
    }

    /** Searches (or searches again after an error). */
    fun search() {
        val r = raw.value
        val service = r.serviceId ?: return loadServices()
        raw.value = r.copy(phase = SearchPhase.SEARCHING, error = null)
        scope.launch {
            raw.value = try {
                val query = SlotQuery(service, 1u, r.selected.toList(), r.from.toString(), r.to.toString())
                val found = withContext(io) { appointments.searchSlots(query) }
                val phase = if (found.slots.isEmpty()) SearchPhase.NO_RESULTS else SearchPhase.RESULTS
                raw.value.copy(phase = phase, found = found)
            } catch (e: ApiException) {
                raw.value.copy(phase = SearchPhase.ERROR, error = ErrorKind.of(e))
            }
        }
    }

    /** The office of a slot, for the booking form. */
    fun office(id: UInt): Office? = raw.value.offices.firstOrNull { it.id == id }
}
