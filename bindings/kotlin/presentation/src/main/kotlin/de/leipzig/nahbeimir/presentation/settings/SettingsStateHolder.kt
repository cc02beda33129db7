package de.leipzig.nahbeimir.presentation.settings

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.ErrorKind
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

/** Where the "delete all data on this phone" flow stands. */
enum class WipeStep {
    /** Nothing asked. */
    IDLE,

    /** The citizen asked; the screen shows the confirmation. */
    CONFIRMING,

    /** Deleting. */
    WIPING,

    /**
     * Actions saved on the phone have not reached the city yet
     * ([SettingsState.pendingActions]): send them first, or discard them with
     * [SettingsStateHolder.discardAndWipe].
     */
    PENDING_ACTIONS,

    /** Done: everything stored on the phone is gone. */
    DONE,

    /** It failed; see [SettingsState.error]. */
    FAILED
}

/** What the settings screen shows. */
data class SettingsState(
    val language: AppLanguage,
    val languages: List<AppLanguage> = AppLanguage.entries,
    val wipe: WipeStep = WipeStep.IDLE,
    val pendingActions: Int = 0,
    val error: ErrorKind? = null
)

/** State holder of the settings screen: language and the data wipe. */
class SettingsStateHolder(
    private val app: App,
    private val languageSetting: LanguageSetting,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private val wipe = MutableStateFlow(WipeStep.IDLE)
    private val pending = MutableStateFlow(0)
    private val error = MutableStateFlow<ErrorKind?>(null)

    /** The screen's state. */
    val state: StateFlow<SettingsState> =
        combine(languageSetting.language, wipe, pending, error) { language, wipe, pending, error ->
            SettingsState(language, wipe = wipe, pendingActions = pending, error = error)
        }
            .stateIn(scope, SharingStarted.Eagerly, SettingsState(languageSetting.language.value))

    /** Switches the app's language; every screen re-formats. */
    fun selectLanguage(language: AppLanguage) = languageSetting.select(language)

    /** The citizen tapped "delete all data": ask first. */
    fun requestWipe() {
        wipe.value = WipeStep.CONFIRMING
    }

    /** The citizen changed their mind. */
    fun cancelWipe() {
        wipe.value = WipeStep.IDLE
    }

    /**
     * Confirmed: delete everything the app stored on this phone. Actions not yet
     * received by the city are never dropped silently: the state becomes
     * [WipeStep.PENDING_ACTIONS] instead.
     */
    fun confirmWipe() {
        if (wipe.value == WipeStep.CONFIRMING) wipe(force = false)
    }

    /** After [WipeStep.PENDING_ACTIONS]: the citizen chose to discard them. */
    fun discardAndWipe() {
        if (wipe.value == WipeStep.PENDING_ACTIONS) wipe(force = true)
    }

    private fun wipe(force: Boolean) {
        wipe.value = WipeStep.WIPING
        scope.launch {
            try {
                withContext(io) { app.wipeLocalData(force) }
                error.value = null
                wipe.value = WipeStep.DONE
            } catch (e: ApiException.PendingActions) {
                pending.value = e.count.toInt()
                wipe.value = WipeStep.PENDING_ACTIONS
            } catch (e: ApiException) {
                error.value = ErrorKind.of(e)
                wipe.value = WipeStep.FAILED
            }
        }
    }
}
