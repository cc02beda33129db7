package de.leipzig.nahbeimir.app.platform

import android.content.Context
import androidx.work.BackoffPolicy
import androidx.work.Constraints
import androidx.work.CoroutineWorker
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.NetworkType
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkRequest
import androidx.work.WorkerParameters
import de.leipzig.nahbeimir.app.LeipzigApplication
import java.time.Duration

/**
 * Background sync: runs the core's `Sync` once. What to fetch and whether a failure is
 * worth a retry soon are the core's decisions ([de.leipzig.nahbeimir.core.SyncReport]);
 * this worker only maps `retryLater` to WorkManager's backoff. Afterwards the appointment
 * reminders are re-scheduled, since a delivered cancellation or a status from the city may
 * have changed them ([AppointmentReminders.refresh]; nothing when reminders are off), and a
 * new notice or a deadline at risk is announced ([NoticeAlerts], never with personal data).
 */
class SyncWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val container = (applicationContext as LeipzigApplication).container
        val report = container.app.sync().use { it.run() }
        container.reminders.refresh(container.appointments)
        NoticeAlerts.check(applicationContext, container.notices)
        return if (report.retryLater) Result.retry() else Result.success()
    }

    /** Scheduling of the periodic sync. */
    companion object {
        private const val WORK_NAME = "core-sync"

        /**
         * Hourly while a network is there, with exponential backoff after a retry. Unique
         * and kept: calling this on every start does not reset the schedule.
         */
        fun schedule(context: Context) {
            val network = Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build()
            val firstRetry = Duration.ofMillis(WorkRequest.DEFAULT_BACKOFF_DELAY_MILLIS)
            val request = PeriodicWorkRequestBuilder<SyncWorker>(Duration.ofHours(1))
                .setConstraints(network)
                .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, firstRetry)
                .build()
            WorkManager.getInstance(context)
                .enqueueUniquePeriodicWork(WORK_NAME, ExistingPeriodicWorkPolicy.KEEP, request)
        }
    }
}
