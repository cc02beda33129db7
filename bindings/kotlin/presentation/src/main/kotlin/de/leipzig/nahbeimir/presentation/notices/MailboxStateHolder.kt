package de.leipzig.nahbeimir.presentation.notices

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Notice
import de.leipzig.nahbeimir.core.Notices
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.util.concurrent.atomic.AtomicBoolean
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

/** What the mailbox shows. */
enum class MailboxPhase {
    /** Nothing stored yet and the first sync is under way. */
    LOADING,

    /** Notices to show (maybe with a [MailboxBanner]). */
    CONTENT,

    /** No notices. */
    EMPTY,

    /**
     * Nothing stored and the sync failed: [MailboxState.error] (with
     * [ErrorKind.UNAUTHORIZED] the screen offers the login).
     */
    ERROR
}

/** A notice above the notices while stored ones are shown. */
enum class MailboxBanner {
    /** No connection: these are the notices stored on the phone. */
    OFFLINE,

    /** The sync failed for another reason ([MailboxState.error]): these are the stored notices. */
    REFRESH_FAILED
}

/** What the mailbox ("Bescheide") shows. */
data class MailboxState(
    val phase: MailboxPhase,
    /** Newest first. */
    val rows: List<NoticeRow> = emptyList(),
    /** Notices not opened yet. */
    val unread: Int = 0,
    /** The nearest deadline still to meet, of any notice. */
    val nextDeadline: DeadlineRow? = null,
    /** Notices with a deadline at risk. */
    val atRisk: Int = 0,
    /** Archived notices are listed (instead of the others). */
    val showingArchived: Boolean = false,
    val refreshing: Boolean = false,
    val banner: MailboxBanner? = null,
    val error: ErrorKind? = null
) {
    /** Whether the screen offers "try again". */
    val canRetry: Boolean get() = phase == MailboxPhase.ERROR || banner != null
}

private sealed interface MailboxSync {
    data object Running : MailboxSync
    data object Done : MailboxSync
    data class Failed(val kind: ErrorKind) : MailboxSync
}

/**
 * State holder of the mailbox of official notices: what is stored on the phone at once
 * (works offline), then the city's mailbox (needs a login); pull-to-refresh and retry call
 * [refresh]. Every change (a sync, a notice opened, a reply received) comes through the
 * core's listener, so unread dots, deadlines and at-risk badges follow by themselves.
 */
class MailboxStateHolder(
    private val notices: Notices,
    private val scope: CoroutineScope,
    formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private val items = MutableStateFlow<List<Notice>?>(null)
    private val archived = MutableStateFlow(false)
    private val status = MutableStateFlow<MailboxSync>(MailboxSync.Running)
    private val inFlight = AtomicBoolean(false)

    /** The screen's state. */
    val state: StateFlow<MailboxState> = combine(items, archived, status, formats) { items, archived, status, f ->
        render(items, archived, status, f)
    }.stateIn(scope, SharingStarted.Eagerly, MailboxState(MailboxPhase.LOADING, refreshing = true))

    init {
        scope.launch {
            notices.changes().flowOn(io).collect { list ->
                items.value = if (archived.value) read(true) ?: items.value else list
            }
        }
        refresh()
    }

    /** Fetches the mailbox from the city; a no-op while a sync is running. */
    fun refresh() {
        if (!inFlight.compareAndSet(false, true)) return
        status.value = MailboxSync.Running
        scope.launch {
            val outcome = try {
                // The core stores the notices and tells the listener, which shows them.
                withContext(io) { notices.sync() }
                MailboxSync.Done
            } catch (e: ApiException) {
                MailboxSync.Failed(ErrorKind.of(e))
            } finally {
                inFlight.set(false)
            }
            status.value = outcome
        }
    }

    /** Lists the archived notices ([show]) or the others. */
    fun showArchived(show: Boolean) {
        archived.value = show
        scope.launch { items.value = read(show) ?: items.value }
    }

    /** Archives (or restores) notice [id]. */
    fun archive(id: String, archive: Boolean = true) = act { notices.archive(id, archive) }

    /** Marks notice [id] read or unread (on this phone only; opening it is the retrieval). */
    fun markRead(id: String, read: Boolean) = act { notices.markRead(id, read) }

    private fun act(block: () -> Unit) {
        scope.launch {
            try {
                withContext(io) { block() }
                if (archived.value) items.value = read(true) ?: items.value
            } catch (e: ApiException) {
                status.value = MailboxSync.Failed(ErrorKind.of(e))
            }
        }
    }

    /** The notices on the phone; with [archivedOnly] only the archived ones. */
    private suspend fun read(archivedOnly: Boolean): List<Notice>? = try {
        withContext(io) { notices.list(archivedOnly) }.filter { it.archived == archivedOnly }
    } catch (_: ApiException) {
        null
    }

    private fun render(items: List<Notice>?, archived: Boolean, status: MailboxSync, f: Formats): MailboxState {
        val rows = items.orEmpty().filter { it.archived == archived }.map { it.toRow(f) }
        val running = status == MailboxSync.Running
        val failed = (status as? MailboxSync.Failed)?.kind
        return when {
            rows.isNotEmpty() || (archived && items != null) -> MailboxState(
                phase = if (rows.isEmpty()) MailboxPhase.EMPTY else MailboxPhase.CONTENT,
                rows = rows,
                unread = rows.count { it.unread },
                nextDeadline = rows.mapNotNull { it.nextDeadline }.minByOrNull { it.daysLeft ?: Long.MAX_VALUE },
                atRisk = rows.count { it.atRisk },
                showingArchived = archived,
                refreshing = running,
                banner = failed?.let {
                    if (it == ErrorKind.OFFLINE) MailboxBanner.OFFLINE else MailboxBanner.REFRESH_FAILED
                },
                error = failed
            )

            running || items == null -> MailboxState(
                MailboxPhase.LOADING,
                showingArchived = archived,
                refreshing = running
            )

            failed != null -> MailboxState(MailboxPhase.ERROR, showingArchived = archived, error = failed)

            else -> MailboxState(MailboxPhase.EMPTY, showingArchived = archived)
        }
    }
}
