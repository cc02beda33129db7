package de.leipzig.nahbeimir.app.platform

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.content.Context
import androidx.annotation.StringRes
import de.leipzig.nahbeimir.app.R

/**
 * The app's notification channels. Notifications are shown on the lock screen and in
 * shared places (car, watch), so their content must never be personal: "You have an
 * appointment tomorrow", not where, why or the citizen's name; "A notice has a deadline
 * soon", not its subject or amount. The details are inside the app.
 */
object Notifications {
    /** Appointment reminders. */
    const val CHANNEL_REMINDERS = "reminders"

    /** Deadlines of official notices (objection periods, payment dates). */
    const val CHANNEL_DEADLINES = "deadlines"

    /**
     * Creates the channels, or renames them after a language switch (creating an existing
     * channel only updates its name and description; the citizen's settings stay).
     */
    fun createChannels(context: Context) {
        val manager = context.getSystemService(NotificationManager::class.java) ?: return
        manager.createNotificationChannels(
            listOf(
                channel(
                    context,
                    CHANNEL_REMINDERS,
                    R.string.channel_reminders_name,
                    R.string.channel_reminders_description
                ),
                channel(
                    context,
                    CHANNEL_DEADLINES,
                    R.string.channel_deadlines_name,
                    R.string.channel_deadlines_description
                )
            )
        )
    }

    private fun channel(context: Context, id: String, @StringRes name: Int, @StringRes description: Int) =
        NotificationChannel(id, context.getString(name), NotificationManager.IMPORTANCE_DEFAULT).apply {
            this.description = context.getString(description)
            // Only "app name: 1 new notification" on a locked screen.
            lockscreenVisibility = Notification.VISIBILITY_PRIVATE
        }
}
