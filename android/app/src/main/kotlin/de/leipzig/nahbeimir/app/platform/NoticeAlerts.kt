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
import de.leipzig.nahbeimir.app.LeipzigApplication
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Notices
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * After the background sync: a notification on the [Notifications.CHANNEL_DEADLINES] channel
 * when a notice arrived that was not there before, or when a deadline became at risk (3 days
 * or less without a received answer, or an answer still only on the phone). The texts never
 * name the notice, the office or an amount — "Neuer Bescheid in Ihrem Postfach", nothing
 * more; the details are in the app. What was already announced is remembered (ids only, in
 * the app's preferences), so each is announced once; "delete all data" forgets it ([clear]).
 * Nothing shows while the citizen has not allowed notifications.
 */
object NoticeAlerts {
    private const val PREFS = "notice-alerts"
    private const val KEY_NOTICES = "notices"
    private const val KEY_AT_RISK = "at-risk"
    private const val KEY_STARTED = "started"
    private const val ID_NEW = 0x4e01
    private const val ID_AT_RISK = 0x4e02

    /** Compares the notices with what was announced before and notifies about what is new. */
    suspend fun check(context: Context, notices: Notices) {
        val (ids, atRisk) = try {
            withContext(Dispatchers.IO) {
                notices.list(true).map { it.id }.toSet() to
                    notices.deadlines().filter { it.atRisk }.map { "${it.noticeId}:${it.kind.name}" }.toSet()
            }
        } catch (_: ApiException) {
            return
        }
        val prefs = context.getSharedPreferences(PREFS, Context.MODE_PRIVATE)
        // The first run only learns what is there: the mailbox screen shows it anyway.
        val started = prefs.getBoolean(KEY_STARTED, false)
        val known = prefs.getStringSet(KEY_NOTICES, emptySet()).orEmpty()
        val warned = prefs.getStringSet(KEY_AT_RISK, emptySet()).orEmpty()
        if (started && (ids - known).isNotEmpty()) show(context, ID_NEW, R.string.notice_alert_new)
        if (started && (atRisk - warned).isNotEmpty()) show(context, ID_AT_RISK, R.string.notice_alert_at_risk)
        prefs.edit()
            .putBoolean(KEY_STARTED, true)
            .putStringSet(KEY_NOTICES, ids)
            .putStringSet(KEY_AT_RISK, atRisk)
            .apply()
    }

    /** Forgets what was announced ("delete all data", logout). */
    fun clear(context: Context) {
        context.getSharedPreferences(PREFS, Context.MODE_PRIVATE).edit().clear().apply()
    }

    private fun show(context: Context, id: Int, text: Int) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
            ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) !=
            PackageManager.PERMISSION_GRANTED
        ) {
            return
        }
        val texts = localized(context)
        val open = context.packageManager.getLaunchIntentForPackage(context.packageName)?.let {
            PendingIntent.getActivity(context, id, it, PendingIntent.FLAG_IMMUTABLE)
        }
        val notification = NotificationCompat.Builder(context, Notifications.CHANNEL_DEADLINES)
            .setSmallIcon(R.drawable.ic_notification)
            .setContentTitle(texts.getString(R.string.notice_alert_title))
            .setContentText(texts.getString(text))
            .setCategory(NotificationCompat.CATEGORY_REMINDER)
            .setAutoCancel(true)
            .apply { if (open != null) setContentIntent(open) }
            .build()
        NotificationManagerCompat.from(context).notify(id, notification)
    }

    /** The app's language (Settings), also below Android 13 where only activities follow it. */
    private fun localized(context: Context): Context {
        val language = (context.applicationContext as? LeipzigApplication)?.container?.languageSetting?.language?.value
            ?: return context
        val configuration = Configuration(context.resources.configuration).apply { setLocale(language.locale) }
        return context.createConfigurationContext(configuration)
    }
}
