package de.leipzig.nahbeimir.app

import android.content.Context
import androidx.appcompat.app.AppCompatDelegate
import androidx.core.os.LocaleListCompat
import de.leipzig.nahbeimir.app.platform.AppointmentReminders
import de.leipzig.nahbeimir.app.platform.CalendarExport
import de.leipzig.nahbeimir.app.platform.CurrentLocation
import de.leipzig.nahbeimir.app.platform.DeepLinks
import de.leipzig.nahbeimir.app.platform.KeystoreSecretStore
import de.leipzig.nahbeimir.app.platform.LogcatLogger
import de.leipzig.nahbeimir.app.platform.NoticeAlerts
import de.leipzig.nahbeimir.app.platform.NoticeFiles
import de.leipzig.nahbeimir.app.platform.ReceiptFiles
import de.leipzig.nahbeimir.app.platform.SharedPreferenceStore
import de.leipzig.nahbeimir.core.Account
import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.core.Appointments
import de.leipzig.nahbeimir.core.Facilities
import de.leipzig.nahbeimir.core.LibraryService
import de.leipzig.nahbeimir.core.News
import de.leipzig.nahbeimir.core.Notices
import de.leipzig.nahbeimir.core.Outbox
import de.leipzig.nahbeimir.core.Payments
import de.leipzig.nahbeimir.core.Sync
import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.settings.LanguageSetting
import java.io.File
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/**
 * What the view models and the workers share for the life of the process: the one core
 * [App] and its services, the language, the incoming App Links, login redirects and payment
 * returns, the appointment reminders and the position for "near me". Built once by
 * [LeipzigApplication].
 */
class AppContainer(context: Context) {
    private val appContext: Context = context.applicationContext

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

    /** The appointments service; one handle shared by the appointment screens and the workers. */
    val appointments: Appointments by lazy { app.appointments() }

    /** The facility finder: the phone's copy of the city's layer and its refresh. */
    val facilities: Facilities by lazy { app.facilities() }

    /** The position for "near me", once the citizen allowed it. */
    val location = CurrentLocation(appContext)

    /** The citizen's login and profile; one handle shared by the account screens and the booking form. */
    val account: Account by lazy { app.account() }

    /** Actions saved on the phone on their way to the city. */
    val outbox: Outbox by lazy { app.outbox() }

    /** Fees, payments and receipts; one handle shared by the payment screens. */
    val payments: Payments by lazy { app.payments() }

    /** Where receipts are written for a PDF viewer or the share sheet (cleared with the data). */
    val receiptDir: File get() = ReceiptFiles.dir(appContext)

    /** Official notices (Bescheide): the mailbox, deadlines, replies; one handle shared by their screens. */
    val notices: Notices by lazy { app.notices() }

    /** Where the checked PDFs of notices are written for a viewer or the share sheet (cleared with the data). */
    val noticeDir: File get() = NoticeFiles.dir(appContext)

    /** A fresh, empty folder for an export before it is copied where the citizen chose. */
    fun noticeExportDir(): File = NoticeFiles.exportDir(appContext)

    /** The library card: card types, the order, its state and the card; one handle shared by its screens. */
    val library: LibraryService by lazy { app.library() }

    private val sync: Sync by lazy { app.sync() }
    private val resuming = AtomicBoolean(false)

    /**
     * The core's `resume`, at process start and whenever the app comes to the foreground:
     * sends the actions saved on the phone (replies to notices among them), asks the city about
     * every payment (the app may have died on a payment page, or the return link was lost) and
     * fetches the mailbox of notices. Runs in the background, at most once at a time; screens
     * learn the outcome through the core's listeners.
     */
    fun resume() {
        if (!resuming.compareAndSet(false, true)) return
        scope.launch {
            try {
                sync.resume()
            } finally {
                resuming.set(false)
            }
        }
    }

    /** Appointment reminders as local notifications, once the citizen asked for them. */
    val reminders = AppointmentReminders(appContext)

    /** The app's language, stored in the UI preferences. */
    val languageSetting = LanguageSetting(
        store = SharedPreferenceStore(context),
        deviceLanguageTag = LocaleListCompat.getAdjustedDefault()[0]?.toLanguageTag() ?: AppLanguage.GERMAN.tag,
        scope = scope
    )

    /** Login redirects and payment returns, for the features that wait for them. */
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

    /**
     * After the core deleted its data ("delete all data on this phone", or a logout): what the
     * platform kept outside the core goes too (scheduled reminders, exported calendar files,
     * receipts, the PDFs of notices and what their notifications announced).
     */
    fun forgetPlatformData() {
        reminders.disable()
        CalendarExport.clear(appContext)
        ReceiptFiles.clear(appContext)
        NoticeFiles.clear(appContext)
        NoticeAlerts.clear(appContext)
    }
}
