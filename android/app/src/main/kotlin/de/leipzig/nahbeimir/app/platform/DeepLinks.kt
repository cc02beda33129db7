package de.leipzig.nahbeimir.app.platform

import android.content.Intent
import android.net.Uri
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow

/**
 * The App Links the city's pages send the citizen back with: the login callback and the
 * payment return, both `https` on [host] (verified through the host's
 * `/.well-known/assetlinks.json`, see the intent filters in AndroidManifest.xml). Whatever
 * else arrives is dropped here, so later features only ever see one of these two shapes.
 *
 * The links carry one-time codes: they are never logged.
 */
class DeepLinks(private val host: String) {
    private val accepted = MutableSharedFlow<Uri>(replay = 1, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    /**
     * Accepted links. The last one is replayed to a new collector, because the login or
     * payment screen may only start collecting after the activity was recreated; the
     * consumer calls [consumed] once it has handled it.
     */
    val links: SharedFlow<Uri> = accepted.asSharedFlow()

    /** Takes the link out of [intent] if it is one of ours; true when accepted. */
    fun handle(intent: Intent?): Boolean {
        if (intent?.action != Intent.ACTION_VIEW) return false
        val uri = intent.data ?: return false
        if (!isOurs(uri)) return false
        accepted.tryEmit(uri)
        return true
    }

    /** Forgets the replayed link once a feature has acted on it. */
    @OptIn(ExperimentalCoroutinesApi::class) // resetReplayCache: unchanged since coroutines 1.4
    fun consumed() {
        accepted.resetReplayCache()
    }

    private fun isOurs(uri: Uri): Boolean = uri.scheme == "https" &&
        uri.host.equals(host, ignoreCase = true) &&
        uri.port == -1 &&
        uri.userInfo == null &&
        uri.path in PATHS

    private companion object {
        /** Keep in sync with the intent filters in AndroidManifest.xml. */
        val PATHS = setOf(DeepLinkPaths.AUTH_CALLBACK, DeepLinkPaths.PAYMENT_RETURN)
    }
}

/** The paths of the two App Links; the manifest's intent filters list the same. */
object DeepLinkPaths {
    /** Where the login (OpenID Connect) sends the authorization code. */
    const val AUTH_CALLBACK = "/auth/callback"

    /** Where the payment page returns after paying or cancelling. */
    const val PAYMENT_RETURN = "/pay/return"
}
