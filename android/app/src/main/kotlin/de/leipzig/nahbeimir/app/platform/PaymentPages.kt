package de.leipzig.nahbeimir.app.platform

import android.content.ActivityNotFoundException
import android.content.Intent
import android.net.Uri
import androidx.activity.ComponentActivity
import androidx.activity.result.ActivityResultLauncher
import androidx.browser.auth.AuthTabIntent
import androidx.browser.customtabs.CustomTabsClient

/**
 * Opens the city's payment page in the citizen's browser — never in a web view, so the app
 * never sees card data, bank logins or 3-D Secure codes, and the address bar shows where the
 * citizen pays.
 *
 * Preferred is an Auth Tab ([AuthTabIntent], Chrome 137+ and other browsers that support it):
 * a reduced Custom Tab that watches for the payment's return App Link
 * (`https://[host]/pay/return`, verified through Digital Asset Links) and hands it straight
 * back ([onReturn]). Without Auth Tab support it is a Custom Tab ([BrowserTabs]), and the
 * return link reaches the app through the intent filters instead. Either way the link is only
 * a hint: the payment screen asks the city, also when the tab was closed without a link
 * (result "cancelled", or the App Link could not be verified).
 *
 * Must be created in the activity's `onCreate` (the result launcher has to be registered
 * before the activity is started).
 */
class PaymentPages(
    private val activity: ComponentActivity,
    private val host: String,
    private val onReturn: (Uri) -> Unit
) {
    private val launcher: ActivityResultLauncher<Intent> =
        AuthTabIntent.registerActivityResultLauncher(activity) { result ->
            val uri = result.resultUri
            // Closed, or the App Link could not be verified: the screen asks the city on ON_START.
            if (result.resultCode == AuthTabIntent.RESULT_OK && uri != null) onReturn(uri)
        }

    /**
     * Opens [url]; false when it is not an `https` address (a local sandbox may use `http`) or
     * no app can show it, so the screen can say so.
     */
    fun open(url: String): Boolean {
        val uri = Uri.parse(url)
        if (uri.scheme?.lowercase() !in WEB_SCHEMES || uri.host.isNullOrEmpty()) return false
        val browser = try {
            CustomTabsClient.getPackageName(activity, null)
        } catch (_: RuntimeException) {
            null
        }
        if (browser == null || !CustomTabsClient.isAuthTabSupported(activity, browser)) {
            return BrowserTabs.open(activity, url)
        }
        return try {
            AuthTabIntent.Builder().build()
                .apply { intent.setPackage(browser) }
                .launch(launcher, uri, host, DeepLinkPaths.PAYMENT_RETURN)
            true
        } catch (_: ActivityNotFoundException) {
            BrowserTabs.open(activity, url)
        }
    }

    private companion object {
        val WEB_SCHEMES = setOf("https", "http")
    }
}
