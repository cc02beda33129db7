package de.leipzig.nahbeimir.app

import android.content.Context
import androidx.appcompat.app.AppCompatDelegate
import androidx.core.os.LocaleListCompat
import de.leipzig.nahbeimir.app.platform.DeepLinks
import de.leipzig.nahbeimir.app.platform.KeystoreSecretStore
import de.leipzig.nahbeimir.app.platform.LogcatLogger
import de.leipzig.nahbeimir.app.platform.SharedPreferenceStore
import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.core.News
import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.settings.LanguageSetting
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob

/**
 * What the view models and the worker share for the life of the process: the one core
 * [App], the language and the incoming App Links. Built once by [LeipzigApplication].
 */
class AppContainer(context: Context) {
    /** Lives as long as the process, like the container. */
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    /**
     * The core. Opening creates and migrates its database but touches no network. The
     * endpoints come from the build variant's `assets/config.toml` (sandbox in debug, the
     * city's servers in release); the data lives in no-backup storage.
     */
    val app: App = App.open(
        configToml = context.assets.open("config.toml").bufferedReader().use { it.readText() },
        dataDir = File(context.noBackupFilesDir, "core").apply { mkdirs() }.path,
        secretStore = KeystoreSecretStore(context),
        logger = LogcatLogger(verbose = BuildConfig.DEBUG)
    )

    /** The news service; one handle shared by every screen. */
    val news: News by lazy { app.news() }

    /** The app's language, stored in the UI preferences. */
    val languageSetting = LanguageSetting(
        store = SharedPreferenceStore(context),
        deviceLanguageTag = LocaleListCompat.getAdjustedDefault()[0]?.toLanguageTag() ?: AppLanguage.GERMAN.tag,
        scope = scope
    )

    /** Login callbacks and payment returns, for the features that wait for them. */
    val deepLinks = DeepLinks(host = BuildConfig.APP_LINK_HOST)

    /**
     * Android's per-app language (set here through Settings, or by the citizen in the system
     * settings) decides which resources the screens show; the core-side formatting must
     * follow it, or dates and texts would disagree.
     */
    fun adoptSystemLanguage() {
        val tag = AppCompatDelegate.getApplicationLocales()[0]?.toLanguageTag()
            ?: LocaleListCompat.getAdjustedDefault()[0]?.toLanguageTag()
            ?: return
        val language = AppLanguage.fromTag(tag)
        if (language != languageSetting.language.value) languageSetting.select(language)
    }
}
