package de.leipzig.nahbeimir.app.platform

import android.content.Context
import de.leipzig.nahbeimir.presentation.settings.PreferenceStore

/**
 * The presentation layer's [PreferenceStore] on SharedPreferences: small UI choices such
 * as the language, nothing personal (secrets go to [KeystoreSecretStore], data to the core).
 */
class SharedPreferenceStore(context: Context) : PreferenceStore {
    private val prefs = context.getSharedPreferences("ui-preferences", Context.MODE_PRIVATE)

    override fun get(key: String): String? = prefs.getString(key, null)

    override fun set(key: String, value: String) {
        prefs.edit().putString(key, value).apply()
    }
}
