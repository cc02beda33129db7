// The citizen's login: start it for the system browser, finish it with the redirect, log out.
package de.leipzig.nahbeimir.presentation.account

import de.leipzig.nahbeimir.core.Account
import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Identity
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Where the login stands. */
enum class AccountPhase {
    /** Nobody is logged in on this phone. */
    LOGGED_OUT,

    /**
     * A login was started: the provider's page is open in the system browser (or its URL is
     * being fetched, or the answer exchanged: [AccountState.busy]).
     */
    LOGGING_IN,

    /** [AccountState.identity] is logged in. */
    LOGGED_IN,

    /** The login failed ([AccountState.error]); starting again is allowed. */
    ERROR
}

/** Where a logout stands. */
enum class LogoutStep {
    /** Nothing asked. */
    IDLE,

    /** The citizen asked; the screen says what a logout deletes and asks to confirm. */
    CONFIRMING,

    /** Ending the session at the provider and deleting the personal data on the phone. */
    LOGGING_OUT,

    /**
     * [AccountState.pendingActions] actions saved on the phone have not reached the city yet:
     * the logout would drop them. Wait for them, or log out anyway with
     * [AccountStateHolder.logout] (`force = true`).
     */
    PENDING_ACTIONS
}

/** What the account screen shows. */
data class AccountState(
    val phase: AccountPhase = AccountPhase.LOGGED_OUT,
    /** Who is logged in; null unless [phase] is [AccountPhase.LOGGED_IN]. */
    val identity: Identity? = null,
    /** The name to greet with ([displayName]); null when the provider sent none. */
    val displayName: String? = null,
    /** The phone is asked (whether someone is logged in) for the first time. */
    val loading: Boolean = true,
    /** Something is on its way (the login URL, the code exchange, the logout). */
    val busy: Boolean = false,
    val logout: LogoutStep = LogoutStep.IDLE,
    /** Unsent actions, while [logout] is [LogoutStep.PENDING_ACTIONS]. */
    val pendingActions: Int = 0,
    /**
     * What failed: the login ([AccountPhase.ERROR]), a logout (the citizen stays logged in), or
     * [ErrorKind.UNAUTHORIZED] with [AccountPhase.LOGGED_OUT] when the provider ended the login.
     */
    val error: ErrorKind? = null,
    /** After a logout: false when the provider could not be reached (the phone is wiped anyway). */
    val endedAtProvider: Boolean? = null
)

/** The name a screen greets [identity] with: the full name, else given and family name. */
fun displayName(identity: Identity): String? = identity.name?.trim()?.takeIf { it.isNotEmpty() }
    ?: listOfNotNull(identity.givenName, identity.familyName).joinToString(" ").trim().takeIf { it.isNotEmpty() }

/**
 * State holder of the login (OpenID Connect with the system browser, RFC 8252). The shell
 * opens the URL that [startLogin] returns in a Custom Tab / ASWebAuthenticationSession and
 * hands the redirect back to [onRedirect]; the core checks it (state, issuer, tokens) and
 * keeps the tokens in the platform's secret store. Who is logged in is read again after
 * every change the core reports (login, logout, a login the provider ended).
 *
 * A logout deletes everything personal on the phone; actions not yet received by the city
 * are never dropped silently ([LogoutStep.PENDING_ACTIONS]). Nothing personal is logged.
 */
class AccountStateHolder(
    private val account: Account,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private val raw = MutableStateFlow(AccountState())

    /** The screen's state. */
    val state: StateFlow<AccountState> = raw.asStateFlow()

    init {
        scope.launch {
            account.changes().flowOn(io).collect {
                val who = try {
                    withContext(io) { account.whoami() }
                } catch (e: ApiException) {
                    raw.update { it.copy(loading = false, error = ErrorKind.of(e)) }
                    return@collect
                }
                raw.update { it.seeing(who) }
            }
        }
    }

    private fun AccountState.seeing(who: Identity?): AccountState = when {
        who != null -> copy(
            phase = AccountPhase.LOGGED_IN,
            identity = who,
            displayName = displayName(who),
            loading = false,
            error = if (phase == AccountPhase.LOGGED_IN) error else null
        )

        // Our own logout reports itself when it is done.
        logout == LogoutStep.LOGGING_OUT -> copy(loading = false)

        // Logged in a moment ago and now nobody: the provider ended the login.
        phase == AccountPhase.LOGGED_IN -> AccountState(loading = false, error = ErrorKind.UNAUTHORIZED)

        else -> copy(loading = false, identity = null, displayName = null)
    }

    /**
     * Starts a login that comes back to [redirectUri] (the shell's registered redirect).
     * Returns the provider's URL to open in the system browser, or null when it could not be
     * had (the state says why) or a login or logout is already on its way.
     */
    suspend fun startLogin(redirectUri: String): String? {
        val before = raw.value
        if (before.busy || before.phase == AccountPhase.LOGGED_IN) return null
        raw.update { it.copy(phase = AccountPhase.LOGGING_IN, busy = true, error = null, endedAtProvider = null) }
        return try {
            val request = withContext(io) { account.beginLogin(redirectUri) }
            raw.update { it.copy(busy = false) }
            request.url
        } catch (e: ApiException) {
            raw.update { it.copy(phase = AccountPhase.ERROR, busy = false, error = ErrorKind.of(e)) }
            null
        } catch (e: CancellationException) {
            raw.update { it.copy(phase = AccountPhase.LOGGED_OUT, busy = false) }
            throw e
        }
    }

    /**
     * The browser came back to the redirect URI with [url] (code, state, issuer — or an
     * error). Also after the app was restarted meanwhile: the core kept the login in
     * progress. A foreign answer (wrong state) is refused without ending the real login, so
     * the real answer still completes it afterwards.
     */
    fun onRedirect(url: String) {
        val before = raw.value
        if (before.busy || before.phase == AccountPhase.LOGGED_IN) return
        raw.update { it.copy(phase = AccountPhase.LOGGING_IN, busy = true, error = null) }
        scope.launch {
            try {
                val who = withContext(io) { account.completeLogin(url) }
                raw.update { it.copy(busy = false).seeing(who) }
            } catch (e: ApiException) {
                raw.update { it.copy(phase = AccountPhase.ERROR, busy = false, error = ErrorKind.of(e)) }
            }
        }
    }

    /**
     * The browser was closed without an answer: back to logged out. A late answer is still
     * accepted by [onRedirect].
     */
    fun cancelLogin() {
        raw.update {
            if (it.phase == AccountPhase.LOGGING_IN && !it.busy) it.copy(phase = AccountPhase.LOGGED_OUT) else it
        }
    }

    /** After a failed login: the message was read, nothing is retried. */
    fun dismissError() {
        raw.update {
            when {
                it.phase == AccountPhase.ERROR -> it.copy(phase = AccountPhase.LOGGED_OUT, error = null)
                !it.busy -> it.copy(error = null)
                else -> it
            }
        }
    }

    /** "Log out" tapped: the screen asks first. */
    fun requestLogout() {
        raw.update {
            if (it.phase == AccountPhase.LOGGED_IN && it.logout == LogoutStep.IDLE) {
                it.copy(logout = LogoutStep.CONFIRMING, error = null)
            } else {
                it
            }
        }
    }

    /** The citizen changed their mind (in either question). */
    fun cancelLogout() {
        raw.update { if (it.logout == LogoutStep.LOGGING_OUT) it else it.copy(logout = LogoutStep.IDLE) }
    }

    /**
     * Logs out: ends the session at the provider and deletes everything personal on the
     * phone. Without [force], actions not yet received by the city stop it with
     * [LogoutStep.PENDING_ACTIONS]; with it (the citizen chose "log out anyway") they are
     * dropped.
     */
    fun logout(force: Boolean = false) {
        val before = raw.value
        if (before.phase != AccountPhase.LOGGED_IN || before.busy) return
        raw.update { it.copy(logout = LogoutStep.LOGGING_OUT, busy = true, error = null) }
        scope.launch {
            try {
                val report = withContext(io) { account.logout(force) }
                raw.value = AccountState(loading = false, endedAtProvider = report.endedAtProvider)
            } catch (e: ApiException.PendingActions) {
                raw.update {
                    it.copy(logout = LogoutStep.PENDING_ACTIONS, busy = false, pendingActions = e.count.toInt())
                }
            } catch (e: ApiException) {
                raw.update { it.copy(logout = LogoutStep.IDLE, busy = false, error = ErrorKind.of(e)) }
                // The core may have ended the login before it failed: read it again.
                val who = try {
                    withContext(io) { account.whoami() }
                } catch (_: ApiException) {
                    return@launch
                }
                if (who == null) raw.value = AccountState(loading = false, error = ErrorKind.of(e))
            }
        }
    }
}
