package de.leipzig.nahbeimir.app

import android.app.Application
import de.leipzig.nahbeimir.app.platform.Notifications
import de.leipzig.nahbeimir.app.platform.PlatformTls
import de.leipzig.nahbeimir.app.platform.SyncWorker

/**
 * Process start: TLS first (before the core could make a request), then the core and the
 * platform services around it, then the core's `resume` (payments the app may have died on,
 * actions still to send) in the background. Runs for the activity and for background work
 * alike.
 */
class LeipzigApplication : Application() {
    /** The process-wide objects; see [AppContainer]. */
    lateinit var container: AppContainer
        private set

    override fun onCreate() {
        super.onCreate()
        PlatformTls.install(this)
        container = AppContainer(this)
        Notifications.createChannels(this)
        SyncWorker.schedule(this)
        container.resume()
    }
}
