package de.leipzig.nahbeimir.presentation.notices

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.NoticeDeadline
import de.leipzig.nahbeimir.core.Notices
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** What the deadlines screen shows. */
data class DeadlinesState(
    /** The phone is read for the first time. */
    val loading: Boolean = true,
    /** Still to meet (today first, then by days left; not yet fixed ones last). */
    val upcoming: List<DeadlineRow> = emptyList(),
    /** Passed without a received answer or payment. */
    val passed: List<DeadlineRow> = emptyList(),
    /** Met: the city received the answer or the payment. */
    val met: List<DeadlineRow> = emptyList(),
    /** Deadlines at risk (the warning on top). */
    val atRisk: Int = 0,
    val error: ErrorKind? = null
) {
    /** The nearest deadline still to meet. */
    val next: DeadlineRow? get() = upcoming.nextToMeet()
}

/**
 * State holder of every deadline of every notice (not archived), from the phone (works
 * offline), read again after every change of the notices: a retrieval fixing a deadline, a
 * reply saved (at risk until received), the city's receipt (met), a payment. The days are
 * counted in Leipzig from the city's dates.
 */
class DeadlinesStateHolder(
    private val notices: Notices,
    scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private val items = MutableStateFlow<List<NoticeDeadline>?>(null)
    private val error = MutableStateFlow<ErrorKind?>(null)

    /** The screen's state. */
    val state: StateFlow<DeadlinesState> = combine(items, error, formats) { items, error, f ->
        val rows = items.orEmpty().map { it.toRow(f) }
        DeadlinesState(
            loading = items == null && error == null,
            upcoming = rows.filter { it.status in UPCOMING },
            passed = rows.filter { it.status == DeadlineStatus.PASSED },
            met = rows.filter { it.status == DeadlineStatus.MET },
            atRisk = rows.count { it.atRisk },
            error = error
        )
    }.stateIn(scope, SharingStarted.Eagerly, DeadlinesState())

    init {
        scope.launch {
            notices.changes().flowOn(io).collect {
                try {
                    items.value = withContext(io) { notices.deadlines() }
                    error.value = null
                } catch (e: ApiException) {
                    error.value = ErrorKind.of(e)
                }
            }
        }
    }

    private companion object {
        val UPCOMING = setOf(DeadlineStatus.TODAY, DeadlineStatus.OPEN, DeadlineStatus.NOT_FIXED)
    }
}
