package de.leipzig.nahbeimir.app.ui.settings

import androidx.appcompat.app.AppCompatDelegate
import androidx.core.os.LocaleListCompat
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.settings.SettingsState
import de.leipzig.nahbeimir.presentation.settings.SettingsStateHolder
import de.leipzig.nahbeimir.presentation.settings.WipeStep
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch

/**
 * Keeps a [SettingsStateHolder] across configuration changes (the language switch is one).
 * Once the core's data is wiped, the platform's copies go too (scheduled reminders,
 * exported calendar files: [AppContainer.forgetPlatformData]).
 */
class SettingsViewModel(container: AppContainer) : ViewModel() {
    private val holder = SettingsStateHolder(container.app, container.languageSetting, viewModelScope)

    /** The settings screen's state. */
    val state: StateFlow<SettingsState> = holder.state

    init {
        viewModelScope.launch {
            holder.state
                .map { it.wipe }
                .distinctUntilChanged()
                .filter { it == WipeStep.DONE }
                .collect { container.forgetPlatformData() }
        }
    }

    /**
     * Switches the formatting (state holder) and Android's resources (per-app locale,
     * which also shows in the system's app settings) together.
     */
    fun selectLanguage(language: AppLanguage) {
        holder.selectLanguage(language)
        AppCompatDelegate.setApplicationLocales(LocaleListCompat.forLanguageTags(language.tag))
    }

    /** "Delete all data on this phone" tapped: the state holder asks for confirmation. */
    fun requestWipe() = holder.requestWipe()

    /** The confirmation was dismissed (button, outside tap or back). */
    fun cancelWipe() = holder.cancelWipe()

    /** Confirmed. */
    fun confirmWipe() = holder.confirmWipe()

    /** Actions had not reached the city yet; the citizen chose to discard them and wipe. */
    fun discardAndWipe() = holder.discardAndWipe()
}
