// Hands a facility to other apps (dialer, map app) and the citizen to Android's location
// and permission settings, for the facility finder.

package de.leipzig.nahbeimir.app.platform

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.provider.Settings

/**
 * Hands a facility's phone number to the dialer and its place to a map app, and opens the
 * system settings "near me" depends on. None of it needs a permission: the dialer only
 * shows the number, the citizen places the call.
 */
object ExternalApps {
    /** Opens the dialer with [number] filled in; false when no app can dial (e.g. a tablet). */
    fun dial(context: Context, number: String): Boolean =
        start(context, Intent(Intent.ACTION_DIAL, Uri.fromParts("tel", number, null)))

    /**
     * Shows [geoUri] (`geo:`, RFC 5870) in the citizen's map app; without one, [webMapUrl] in
     * a Custom Tab. False when neither could be opened.
     */
    fun showOnMap(context: Context, geoUri: String, webMapUrl: String): Boolean =
        start(context, Intent(Intent.ACTION_VIEW, Uri.parse(geoUri))) || BrowserTabs.open(context, webMapUrl)

    /** Android's location settings, to switch location on; false when the phone has none. */
    fun openLocationSettings(context: Context): Boolean =
        start(context, Intent(Settings.ACTION_LOCATION_SOURCE_SETTINGS))

    /** This app's page in Android's settings, where a refused permission can be allowed. */
    fun openAppSettings(context: Context): Boolean = start(
        context,
        Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null))
    )

    private fun start(context: Context, intent: Intent): Boolean = try {
        if (context !is Activity) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        context.startActivity(intent)
        true
    } catch (_: ActivityNotFoundException) {
        false
    }
}
