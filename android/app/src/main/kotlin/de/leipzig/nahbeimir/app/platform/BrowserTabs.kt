package de.leipzig.nahbeimir.app.platform

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.net.Uri
import androidx.browser.customtabs.CustomTabsIntent

/**
 * Opens web pages the core hands over (articles, login and payment pages) in a Custom Tab:
 * the citizen's own browser with its cookies and password manager, which the app cannot
 * read, and a visible address bar for login and payment. Falls back to any app that can
 * view the page.
 */
object BrowserTabs {
    /**
     * Opens [url]; false when it is not an `http(s)` address or no app can show it, so the
     * screen can say so. Other schemes (`intent:`, `file:`, `javascript:`) are never opened.
     */
    fun open(context: Context, url: String): Boolean {
        val uri = Uri.parse(url)
        if (uri.scheme?.lowercase() !in WEB_SCHEMES || uri.host.isNullOrEmpty()) return false
        return try {
            CustomTabsIntent.Builder()
                .setShowTitle(true)
                .build()
                .apply { if (context !is Activity) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK) }
                .launchUrl(context, uri)
            true
        } catch (_: ActivityNotFoundException) {
            viewElsewhere(context, uri)
        }
    }

    private fun viewElsewhere(context: Context, uri: Uri): Boolean = try {
        val intent = Intent(Intent.ACTION_VIEW, uri).addCategory(Intent.CATEGORY_BROWSABLE)
        if (context !is Activity) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        context.startActivity(intent)
        true
    } catch (_: ActivityNotFoundException) {
        false
    }

    private val WEB_SCHEMES = setOf("https", "http")
}
