// View models of the account screens: the login (with the browser's redirect) and the profile.
package de.leipzig.nahbeimir.app.ui.account

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.app.platform.DeepLinkPaths
import de.leipzig.nahbeimir.presentation.account.AccountPhase
import de.leipzig.nahbeimir.presentation.account.AccountState
import de.leipzig.nahbeimir.presentation.account.AccountStateHolder
import de.leipzig.nahbeimir.presentation.account.ProfileField
import de.leipzig.nahbeimir.presentation.account.ProfileState
import de.leipzig.nahbeimir.presentation.account.ProfileStateHolder
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch

/**
 * Keeps an [AccountStateHolder]; forwards its intents. While it lives it takes the login's
 * redirect from [AppContainer.deepLinks] (also one that arrived before it existed: the link is
 * replayed, e.g. after Android ended the app while the browser was open) and hands it to the
 * holder. After a logout the platform's copies go too ([AppContainer.forgetPlatformData]).
 */
class AccountViewModel(private val container: AppContainer) : ViewModel() {
    private val holder = AccountStateHolder(container.account, viewModelScope)
    private var browserOpen = false

    /** The screen's state. */
    val state: StateFlow<AccountState> = holder.state

    init {
        viewModelScope.launch {
            container.deepLinks.links.filter(container.deepLinks::isLoginRedirect).collect { uri ->
                // Handed over before it is forgotten: [resumed] sees either the link or a busy holder.
                holder.onRedirect(uri.toString())
                container.deepLinks.consumed()
            }
        }
        viewModelScope.launch {
            // A logout deleted the core's data (its report is there from then until the next login).
            holder.state.map { it.endedAtProvider != null }.distinctUntilChanged().filter { it }
                .collect { container.forgetPlatformData() }
        }
    }

    /** "Log in": the provider's URL for the Custom Tab, or null (the state says why). */
    suspend fun startLogin(): String? = holder.startLogin(DeepLinkPaths.LOGIN_REDIRECT_URI)

    /** The Custom Tab was opened with the login page. */
    fun browserOpened() {
        browserOpen = true
    }

    /** No app could show the login page: the login is abandoned (the screen says why). */
    fun browserUnavailable() = holder.cancelLogin()

    /**
     * The screen is in front again. Coming back from the browser without its redirect (the
     * citizen closed the tab) ends the waiting. The redirect itself arrives before this
     * (`onNewIntent` precedes `onResume`), so it is either still in the replayed links or
     * already with the holder.
     */
    fun resumed() {
        if (!browserOpen) return
        browserOpen = false
        val waiting = holder.state.value.let { it.phase == AccountPhase.LOGGING_IN && !it.busy }
        val arrived = container.deepLinks.links.replayCache.any(container.deepLinks::isLoginRedirect)
        if (waiting && !arrived) holder.cancelLogin()
    }

    /** "Cancel" while the browser is open, or after an error. */
    fun cancelLogin() {
        holder.cancelLogin()
        holder.dismissError()
    }

    /** "Log out" tapped: asked first. */
    fun requestLogout() = holder.requestLogout()

    /** Either logout question was dismissed. */
    fun cancelLogout() = holder.cancelLogout()

    /** Confirmed; [force] after the warning about actions not yet sent. */
    fun logout(force: Boolean) = holder.logout(force)
}

/** Keeps a [ProfileStateHolder]; forwards its intents. */
class ProfileViewModel(container: AppContainer) : ViewModel() {
    private val holder = ProfileStateHolder(container.account, viewModelScope, container.languageSetting.formats)

    /** The screen's state. */
    val state: StateFlow<ProfileState> = holder.state

    /** "Edit". */
    fun edit() = holder.edit()

    /** A field as typed. */
    fun update(field: ProfileField, value: String) = holder.update(field, value)

    /** "Save". */
    fun save() = holder.save()

    /** "Cancel", or back while editing. */
    fun cancelEdit() = holder.cancelEdit()

    /** The "saved" confirmation was shown. */
    fun savedShown() = holder.savedShown()
}
