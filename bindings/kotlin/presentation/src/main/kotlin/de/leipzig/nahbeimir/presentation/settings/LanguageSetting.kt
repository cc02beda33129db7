package de.leipzig.nahbeimir.presentation.settings

import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.Formats
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.stateIn

/** Where the shell keeps small UI preferences (SharedPreferences, UserDefaults). */
interface PreferenceStore {
    /** The stored value of [key], or null. */
    fun get(key: String): String?

    /** Stores [value] under [key]. */
    fun set(key: String, value: String)
}

/** Preferences in memory: for tests and previews. */
class MemoryPreferenceStore : PreferenceStore {
    private val values = mutableMapOf<String, String>()

    override fun get(key: String): String? = synchronized(values) { values[key] }

    override fun set(key: String, value: String) {
        synchronized(values) { values[key] = value }
    }
}

/**
 * The app's language: the stored choice, else the device's language. Every
 * screen formats through [formats], so switching re-renders them all.
 */
class LanguageSetting(private val store: PreferenceStore, deviceLanguageTag: String, scope: CoroutineScope) {
    private val current = MutableStateFlow(AppLanguage.fromTag(store.get(KEY) ?: deviceLanguageTag))

    /** The language in use. */
    val language: StateFlow<AppLanguage> = current.asStateFlow()

    /** Formatting for the language in use. */
    val formats: StateFlow<Formats> =
        current.map { Formats(it) }.stateIn(scope, SharingStarted.Eagerly, Formats(current.value))

    /** Switches and remembers the language. */
    fun select(language: AppLanguage) {
        store.set(KEY, language.tag)
        current.value = language
    }

    private companion object {
        const val KEY = "language"
    }
}
