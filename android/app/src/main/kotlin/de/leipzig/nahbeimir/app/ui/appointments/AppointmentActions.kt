package de.leipzig.nahbeimir.app.ui.appointments

import android.Manifest
import android.content.Context
import android.os.Build
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.StringRes
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.rememberUpdatedState
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.platform.AppointmentReminders
import de.leipzig.nahbeimir.app.platform.CalendarExport
import kotlinx.coroutines.launch

/** How asking for reminders ended; each has its own message. */
enum class ReminderOutcome {
    /** Scheduled, and Android will show them. */
    ON,

    /** Scheduled, but this app's notifications are switched off in Android's settings. */
    NOTIFICATIONS_OFF,

    /** The citizen did not allow notifications (Android 13+). */
    DENIED,

    /** The core could not list the reminders. */
    FAILED
}

/** The text of each [ReminderOutcome]. */
@StringRes
fun ReminderOutcome.message(): Int = when (this) {
    ReminderOutcome.ON -> R.string.reminders_on
    ReminderOutcome.NOTIFICATIONS_OFF -> R.string.reminders_notifications_off
    ReminderOutcome.DENIED -> R.string.reminders_denied
    ReminderOutcome.FAILED -> R.string.reminders_failed
}

/**
 * "Remind me": returns the action for the button. On Android 13+ it asks for the notification
 * permission at this moment, when the citizen asked for reminders (never at app start); once
 * allowed (or below 13), [enable] schedules the core's reminders. [onOutcome] gets the result.
 */
@Composable
fun rememberReminderRequest(
    reminders: AppointmentReminders,
    enable: suspend () -> Boolean,
    onOutcome: (ReminderOutcome) -> Unit
): () -> Unit {
    val scope = rememberCoroutineScope()
    val currentEnable by rememberUpdatedState(enable)
    val currentOutcome by rememberUpdatedState(onOutcome)
    val schedule: () -> Unit = remember(scope, reminders) {
        {
            scope.launch {
                val outcome = when {
                    !currentEnable() -> ReminderOutcome.FAILED
                    !reminders.notificationsShown() -> ReminderOutcome.NOTIFICATIONS_OFF
                    else -> ReminderOutcome.ON
                }
                currentOutcome(outcome)
            }
        }
    }
    val permission = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        if (granted) schedule() else currentOutcome(ReminderOutcome.DENIED)
    }
    return remember(permission, schedule, reminders) {
        {
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU && reminders.needsPermission()) {
                permission.launch(Manifest.permission.POST_NOTIFICATIONS)
            } else {
                schedule()
            }
        }
    }
}

/**
 * "Add to calendar" with the `.ics` text the core wrote ([ics], null when it could not):
 * hands it to a calendar app. Returns the message to show when that failed, else null.
 */
@StringRes
suspend fun exportToCalendar(context: Context, processId: UInt, ics: String?): Int? = when {
    ics == null -> R.string.appointment_calendar_failed

    !CalendarExport.open(context, processId, ics, context.getString(R.string.appointment_calendar)) ->
        R.string.appointment_calendar_no_app

    else -> null
}
