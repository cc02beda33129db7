package de.leipzig.nahbeimir.app.ui

import android.content.Intent
import android.os.Bundle
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.appcompat.app.AppCompatActivity
import de.leipzig.nahbeimir.app.BuildConfig
import de.leipzig.nahbeimir.app.LeipzigApplication
import de.leipzig.nahbeimir.app.platform.Notifications
import de.leipzig.nahbeimir.app.platform.PaymentPages
import de.leipzig.nahbeimir.app.ui.theme.LeipzigTheme

/**
 * The app's only activity: Compose draws every screen, edge to edge. It is an
 * [AppCompatActivity] because AppCompat applies the per-app language below Android 13.
 * Launched `singleTask` (see the manifest) so an App Link or the login redirect
 * (`de.leipzig.nahbeimir:/oauth2redirect`) coming back from the browser reaches this instance
 * through [onNewIntent], which also closes the Custom Tab above it, instead of stacking a
 * second app on top. Either way the link goes to [de.leipzig.nahbeimir.app.platform.DeepLinks],
 * where the account screen picks it up, or the payment screen (a payment page's return, which
 * may also come back from an Auth Tab as its result: [PaymentPages]). Every start (coming to
 * the foreground) runs the core's `resume`, which asks the city about open payments.
 */
class MainActivity : AppCompatActivity() {
    private val container get() = (application as LeipzigApplication).container

    /** Payment pages in an Auth Tab (else a Custom Tab); registered before the activity starts. */
    private lateinit var paymentPages: PaymentPages

    override fun onCreate(savedInstanceState: Bundle?) {
        enableEdgeToEdge()
        super.onCreate(savedInstanceState)
        // After super.onCreate: AppCompat has restored the per-app language by then.
        container.adoptSystemLanguage()
        // Channel names follow the language; this activity's resources have the current one.
        Notifications.createChannels(this)
        // A recreated activity (rotation, language switch) carries the old intent again.
        if (savedInstanceState == null) container.deepLinks.handle(intent)
        paymentPages = PaymentPages(this, BuildConfig.APP_LINK_HOST) { uri -> container.deepLinks.accept(uri) }
        setContent {
            LeipzigTheme { LeipzigNavHost(container, paymentPages) }
        }
    }

    override fun onStart() {
        super.onStart()
        container.resume()
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        setIntent(intent)
        container.deepLinks.handle(intent)
    }
}
