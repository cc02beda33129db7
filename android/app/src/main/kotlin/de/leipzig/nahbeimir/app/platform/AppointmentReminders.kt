package de.leipzig.nahbeimir.app.platform

import android.Manifest
import android.app.PendingIntent
import android.content.Context
import android.content.pm.PackageManager
import android.content.res.Configuration
import android.os.Build
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import androidx.work.CoroutineWorker
import androidx.work.ExistingWorkPolicy
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import androidx.work.workDataOf
import de.leipzig.nahbeimir.app.LeipzigApplication
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Appointments
import de.leipzig.nahbeimir.core.Reminder
import de.leipzig.nahbeimir.core.ReminderKind
import java.time.Duration
import java.time.Instant
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withContext

/**
 * Appointment reminders as local notifications on the [Notifications.CHANNEL_REMINDERS]
 * channel. When to remind is the core's decision (`Appointments.upcomingReminders`, the
 * state holder's `reminders()`); this only turns each [Reminder] into a WorkManager
 * `OneTimeWorkRequest` with an initial delay, unique per appointment and kind, replaced on
 * every re-schedule. Reminders no longer in the core's list (cancelled, past) are removed.
 *
 * Nothing is scheduled until the citizen asked for reminders once ([enable]); the choice is
 * kept until "delete all data" ([disable]). The notifications never name the service, the
 * office or the citizen: "Tomorrow: appointment at the citizens' office", nothing more.
 */
class AppointmentReminders(context: Context) {
    private val context = context.applicationContext
    private val prefs = this.context.getSharedPreferences(PREFS, Context.MODE_PRIVATE)
    private val work: WorkManager get() = WorkManager.getInstance(context)

    /** Whether the citizen asked for reminders. */
    val enabled: Boolean get() = prefs.getBoolean(KEY_ENABLED, false)

    /** Whether Android (13 and later) must ask the citizen before notifications can show. */
    fun needsPermission(): Boolean = Companion.needsPermission(context)

    /** Whether this app's notifications show at all (permission and the system's switch). */
    fun notificationsShown(): Boolean = NotificationManagerCompat.from(context).areNotificationsEnabled()

    /** The citizen asked for reminders: remember that, and schedule [reminders]. */
    suspend fun enable(reminders: List<Reminder>) {
        prefs.edit().putBoolean(KEY_ENABLED, true).apply()
        schedule(reminders)
    }

    /**
     * Re-reads the core's reminders and schedules them (after a booking, after the background
     * sync). When the core cannot answer, the schedule stays as it was.
     */
    suspend fun refresh(appointments: Appointments) {
        if (!enabled) return
        val reminders = try {
            withContext(Dispatchers.IO) { appointments.upcomingReminders(Instant.now()) }
        } catch (_: ApiException) {
            return
        }
        schedule(reminders)
    }

    /**
     * Makes the scheduled notifications exactly [reminders] (none while not [enabled]): new
     * ones are added, changed ones replaced, those no longer listed cancelled.
     */
    suspend fun schedule(reminders: List<Reminder>) {
        val now = Instant.now()
        val wanted = if (enabled) {
            reminders.filter { it.at.isAfter(now) }.associateBy(::workName)
        } else {
            emptyMap()
        }
        work.getWorkInfosByTagFlow(TAG).first()
            .filterNot { it.state.isFinished }
            .flatMap { info -> info.tags.filter { it.startsWith(NAME_PREFIX) } }
            .filterNot { it in wanted }
            .forEach { work.cancelUniqueWork(it) }
        wanted.forEach { (name, reminder) ->
            val request = OneTimeWorkRequestBuilder<ReminderWorker>()
                .setInitialDelay(Duration.between(now, reminder.at))
                .setInputData(workDataOf(KEY_KIND to reminder.kind.name, KEY_NAME to name))
                .addTag(TAG)
                .addTag(name)
                .build()
            work.enqueueUniqueWork(name, ExistingWorkPolicy.REPLACE, request)
        }
    }

    /** After "delete all data": no reminder stays scheduled, and the choice is forgotten. */
    fun disable() {
        prefs.edit().clear().apply()
        work.cancelAllWorkByTag(TAG)
    }

    /** Names of the work and the texts of the notifications. */
    companion object {
        private const val PREFS = "reminders"
        private const val KEY_ENABLED = "enabled"
        private const val TAG = "appointment-reminder"
        private const val NAME_PREFIX = "appointment-reminder:"
        internal const val KEY_KIND = "kind"
        internal const val KEY_NAME = "name"

        /** Unique per appointment and kind: a re-schedule replaces, never duplicates. */
        private fun workName(reminder: Reminder) = "$NAME_PREFIX${reminder.processId}:${reminder.kind.name}"

        private fun needsPermission(context: Context): Boolean =
            Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
                ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) !=
                PackageManager.PERMISSION_GRANTED

        /** Shows the reminder [kind]; silently nothing when notifications are not allowed. */
        internal fun show(context: Context, id: Int, kind: ReminderKind) {
            // Checked right here (not through needsPermission) so that lint sees the check.
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
                ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) !=
                PackageManager.PERMISSION_GRANTED
            ) {
                return
            }
            val texts = localized(context)
            val text = when (kind) {
                ReminderKind.DAY_BEFORE -> R.string.reminder_day_before
                ReminderKind.TWO_HOURS_BEFORE -> R.string.reminder_two_hours_before
            }
            val open = context.packageManager.getLaunchIntentForPackage(context.packageName)?.let {
                PendingIntent.getActivity(context, 0, it, PendingIntent.FLAG_IMMUTABLE)
            }
            val notification = NotificationCompat.Builder(context, Notifications.CHANNEL_REMINDERS)
                .setSmallIcon(R.drawable.ic_notification)
                .setContentTitle(texts.getString(R.string.reminder_title))
                .setContentText(texts.getString(text))
                .setCategory(NotificationCompat.CATEGORY_REMINDER)
                .setAutoCancel(true)
                .apply { if (open != null) setContentIntent(open) }
                .build()
            NotificationManagerCompat.from(context).notify(id, notification)
        }

        /** The app's language (Settings), also below Android 13 where only activities follow it. */
        private fun localized(context: Context): Context {
            val language = (context as? LeipzigApplication)?.container?.languageSetting?.language?.value
                ?: return context
            val configuration = Configuration(context.resources.configuration).apply { setLocale(language.locale) }
            return context.createConfigurationContext(configuration)
        }
    }
}

/** Shows one scheduled reminder; the notification carries no personal data. */
class ReminderWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val kind = ReminderKind.entries.firstOrNull { it.name == inputData.getString(AppointmentReminders.KEY_KIND) }
        val name = inputData.getString(AppointmentReminders.KEY_NAME)
        if (kind != null && name != null) AppointmentReminders.show(applicationContext, name.hashCode(), kind)
        return Result.success()
    }
}
