// One position for the facility finder's "near me", from Android's own LocationManager:
// permission and location-switch checks, a recent or fresh fix, a last-known fallback.

package de.leipzig.nahbeimir.app.platform

import android.Manifest
import android.annotation.SuppressLint
import android.content.Context
import android.content.pm.PackageManager
import android.location.Location
import android.location.LocationManager
import android.os.Build
import android.os.CancellationSignal
import android.os.SystemClock
import androidx.core.content.ContextCompat
import androidx.core.location.LocationManagerCompat
import kotlin.coroutines.resume
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull

/** What asking for the position came to; the finder shows a hint for each failure. */
sealed interface LocationOutcome {
    /** A position (WGS84). */
    data class Found(val latitude: Double, val longitude: Double) : LocationOutcome

    /** Neither approximate nor precise location is allowed. */
    data object Denied : LocationOutcome

    /** Location is switched off in Android's quick settings. */
    data object SwitchedOff : LocationOutcome

    /** Allowed and switched on, but no position came in time. */
    data object NoFix : LocationOutcome
}

/**
 * One position for "near me", from Android's own [LocationManager] (no Google Play
 * Services: the app must work on phones without them). Approximate is enough: the finder
 * sorts by distance, it does not navigate. Nothing is stored or sent anywhere; the position
 * goes to the core's search on the phone only.
 */
class CurrentLocation(context: Context) {
    private val appContext = context.applicationContext

    /** True when the citizen allowed approximate or precise location. */
    fun permitted(): Boolean = PERMISSIONS.any(::granted)

    /** True when location is switched on in Android's settings. */
    fun enabled(): Boolean = manager()?.let(LocationManagerCompat::isLocationEnabled) == true

    /**
     * A position: one the phone learnt in the last [RECENT_NANOS], else a fresh fix within
     * [timeoutMillis], else the last known one if it is at most [FALLBACK_NANOS] old.
     */
    suspend fun current(timeoutMillis: Long = TIMEOUT_MILLIS): LocationOutcome {
        if (!permitted()) return LocationOutcome.Denied
        val manager = manager() ?: return LocationOutcome.NoFix
        if (!LocationManagerCompat.isLocationEnabled(manager)) return LocationOutcome.SwitchedOff
        val providers = enabledProviders(manager)
        val location = lastKnown(manager, providers, RECENT_NANOS)
            ?: providers.firstOrNull()?.let { withTimeoutOrNull(timeoutMillis) { fresh(manager, it) } }
            ?: lastKnown(manager, providers, FALLBACK_NANOS)
        return location?.let { LocationOutcome.Found(it.latitude, it.longitude) } ?: LocationOutcome.NoFix
    }

    private fun manager(): LocationManager? = ContextCompat.getSystemService(appContext, LocationManager::class.java)

    private fun granted(permission: String): Boolean =
        ContextCompat.checkSelfPermission(appContext, permission) == PackageManager.PERMISSION_GRANTED

    /**
     * Fused first (Android 12+, where the phone has one), then the network (fast, works
     * indoors), then satellites. Below Android 12 satellites need the precise permission.
     */
    private fun enabledProviders(manager: LocationManager): List<String> = buildList {
        val modern = Build.VERSION.SDK_INT >= Build.VERSION_CODES.S
        if (modern) add(LocationManager.FUSED_PROVIDER)
        add(LocationManager.NETWORK_PROVIDER)
        if (modern || granted(Manifest.permission.ACCESS_FINE_LOCATION)) add(LocationManager.GPS_PROVIDER)
    }.filter { manager.isProviderEnabled(it) }

    // Permission checked by current(); a SecurityException covers a revocation in between.
    @SuppressLint("MissingPermission")
    private fun lastKnown(manager: LocationManager, providers: List<String>, maxAgeNanos: Long): Location? = try {
        providers
            .mapNotNull { manager.getLastKnownLocation(it) }
            .filter { SystemClock.elapsedRealtimeNanos() - it.elapsedRealtimeNanos <= maxAgeNanos }
            .maxByOrNull { it.elapsedRealtimeNanos }
    } catch (_: SecurityException) {
        null
    }

    @SuppressLint("MissingPermission")
    private suspend fun fresh(manager: LocationManager, provider: String): Location? =
        suspendCancellableCoroutine { continuation ->
            val signal = CancellationSignal()
            continuation.invokeOnCancellation { signal.cancel() }
            try {
                // The callback runs on the thread that delivers it; resuming is thread-safe.
                LocationManagerCompat.getCurrentLocation(manager, provider, signal, Runnable::run) { location ->
                    continuation.resume(location)
                }
            } catch (_: SecurityException) {
                continuation.resume(null)
            } catch (_: IllegalArgumentException) {
                // The provider went away between the check and the request.
                continuation.resume(null)
            }
        }

    companion object {
        /** What "near me" asks for; Android 12+ lets the citizen choose approximate. */
        val PERMISSIONS = arrayOf(Manifest.permission.ACCESS_COARSE_LOCATION, Manifest.permission.ACCESS_FINE_LOCATION)

        /** How long the citizen waits for a fresh fix before the fallback is used. */
        const val TIMEOUT_MILLIS = 10_000L

        /** A position the phone already knows is used at once when it is at most 2 minutes old. */
        private const val RECENT_NANOS = 120_000_000_000L

        /** Without a fresh fix, a known position up to 30 minutes old still sorts a city's facilities. */
        private const val FALLBACK_NANOS = 1_800_000_000_000L
    }
}
