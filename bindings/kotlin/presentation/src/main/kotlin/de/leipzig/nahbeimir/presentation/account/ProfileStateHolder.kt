// The citizen's profile: view, edit with the core's per-field rules, and the booking prefill.
package de.leipzig.nahbeimir.presentation.account

import de.leipzig.nahbeimir.core.Account
import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Contact
import de.leipzig.nahbeimir.core.Profile
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
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Where the profile screen stands. */
enum class ProfilePhase {
    /** Reading the phone. */
    LOADING,

    /** Nobody is logged in: there is no profile (logged in, there always is one, maybe empty). */
    LOGGED_OUT,

    /** Showing [ProfileState.rows]. */
    VIEWING,

    /** The form ([ProfileState.form]) is open. */
    EDITING,

    /** The core checks and stores the form. */
    SAVING
}

/** What the profile screen shows. */
data class ProfileState(
    val phase: ProfilePhase = ProfilePhase.LOADING,
    /** The filled-in fields, for viewing. */
    val rows: List<ProfileRow> = emptyList(),
    /** The form's text per field, while [ProfilePhase.EDITING] or [ProfilePhase.SAVING]. */
    val form: Map<ProfileField, String> = emptyMap(),
    /** The field the core refused, with its reason (for developers; the shell has its own text). */
    val invalidField: ProfileField? = null,
    val invalidReason: String? = null,
    /** Reading or saving failed otherwise. */
    val error: ErrorKind? = null,
    /** The last save went through (the screen confirms it once). */
    val saved: Boolean = false
)

/**
 * State holder of the citizen's profile: created from the provider's claims at the first
 * login, editable, stored sealed on the phone, deleted at logout. It is read from the phone
 * (offline too) and again after every login, logout and save. The rules for each field are
 * the core's: [save] sends the form, and a refusal names the field.
 *
 * Other features reuse it instead of asking again: [contact] fills in the booking form.
 */
class ProfileStateHolder(
    private val account: Account,
    private val scope: CoroutineScope,
    private val formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private data class Raw(
        val phase: ProfilePhase = ProfilePhase.LOADING,
        val profile: Profile? = null,
        val form: Map<ProfileField, String> = emptyMap(),
        val field: ProfileField? = null,
        val reason: String? = null,
        val error: ErrorKind? = null,
        val saved: Boolean = false
    )

    private val raw = MutableStateFlow(Raw())

    /** The screen's state. */
    val state: StateFlow<ProfileState> = combine(raw, formats) { r, f -> render(r, f) }
        .stateIn(scope, SharingStarted.Eagerly, render(raw.value, formats.value))

    private fun render(r: Raw, f: Formats) = ProfileState(
        phase = r.phase,
        rows = r.profile?.rows(f).orEmpty(),
        form = if (r.phase == ProfilePhase.EDITING || r.phase == ProfilePhase.SAVING) r.form else emptyMap(),
        invalidField = r.field,
        invalidReason = r.reason,
        error = r.error,
        saved = r.saved
    )

    init {
        scope.launch {
            account.changes().flowOn(io).collect {
                val profile = try {
                    withContext(io) {
                        // Logged in without a stored profile (e.g. after "delete all data"): an empty one to fill in.
                        if (account.whoami() == null) null else account.profile() ?: EMPTY
                    }
                } catch (e: ApiException) {
                    raw.update { it.copy(phase = it.phase.loaded(it.profile != null), error = ErrorKind.of(e)) }
                    return@collect
                }
                raw.update { it.copy(phase = it.phase.loaded(profile != null), profile = profile) }
            }
        }
    }

    // An open form stays open when the profile changes underneath; logging out closes it.
    private fun ProfilePhase.loaded(present: Boolean): ProfilePhase = when {
        !present -> ProfilePhase.LOGGED_OUT
        this == ProfilePhase.EDITING || this == ProfilePhase.SAVING -> this
        else -> ProfilePhase.VIEWING
    }

    /** The stored profile's contact for the booking form; null when nobody is logged in or it has none. */
    fun contact(): Contact? = raw.value.profile?.toContact()

    /** "Edit": the form opens with the stored values. */
    fun edit() {
        raw.update {
            if (it.phase != ProfilePhase.VIEWING) {
                it
            } else {
                it.copy(
                    phase = ProfilePhase.EDITING,
                    form = it.profile.form(formats.value.language),
                    field = null,
                    reason = null,
                    error = null,
                    saved = false
                )
            }
        }
    }

    /** A field as typed. */
    fun update(field: ProfileField, value: String) {
        raw.update {
            if (it.phase != ProfilePhase.EDITING) {
                it
            } else {
                val clears = it.field == field
                it.copy(
                    form = it.form + (field to value),
                    field = if (clears) null else it.field,
                    reason = if (clears) null else it.reason
                )
            }
        }
    }

    /** The form is closed without saving. */
    fun cancelEdit() {
        raw.update {
            if (it.phase != ProfilePhase.EDITING) {
                it
            } else {
                it.copy(phase = ProfilePhase.VIEWING, form = emptyMap(), field = null, reason = null, error = null)
            }
        }
    }

    /** The confirmation of the last save was shown. */
    fun savedShown() {
        raw.update { it.copy(saved = false) }
    }

    /** Checks and stores the form; a refused field keeps the form open with that field marked. */
    fun save() {
        val before = raw.value
        if (before.phase != ProfilePhase.EDITING) return
        raw.update { it.copy(phase = ProfilePhase.SAVING, field = null, reason = null, error = null) }
        val profile = profileOf(before.form)
        scope.launch {
            try {
                val stored = withContext(io) { account.setProfile(profile) }
                raw.update {
                    it.copy(phase = ProfilePhase.VIEWING, profile = stored, form = emptyMap(), saved = true)
                }
            } catch (e: ApiException.Validation) {
                val field = ProfileField.ofCore(e.field)
                raw.update {
                    it.copy(
                        phase = ProfilePhase.EDITING,
                        field = field,
                        reason = e.reason,
                        error = if (field == null) ErrorKind.VALIDATION else null
                    )
                }
            } catch (e: ApiException) {
                // Logged out meanwhile (Unauthorized) or the phone's store failed: the form stays.
                raw.update { it.copy(phase = ProfilePhase.EDITING, error = ErrorKind.of(e)) }
            }
        }
    }

    private companion object {
        val EMPTY = Profile(null, null, null, null, null, null, null, null, null)
    }
}
