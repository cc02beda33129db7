package de.leipzig.nahbeimir.app.platform

import android.content.Intent
import android.net.Uri
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow

/**
 * The links the city's pages send the citizen back with: the login callback and the
 * payment return as App Links, both `https` on [host] (verified through the host's
 * `/.well-known/assetlinks.json`, see the intent filters in AndroidManifest.xml), the
 * login's redirect to the private-use scheme [DeepLinkPaths.LOGIN_REDIRECT_URI] (RFC 8252
 * §7.1), which the provider is registered with today, and the payment return on that
 * scheme ([DeepLinkPaths.PAYMENT_RETURN_URI]). Whatever else arrives is dropped here, so
 * features only ever see one of these shapes. A payment return says nothing about the
 * outcome: the core asks the city.
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
        return accept(intent.data ?: return false)
    }

    /** Takes [uri] (e.g. the redirect an Auth Tab captured) if it is one of ours; true when accepted. */
    fun accept(uri: Uri): Boolean {
        if (!isOurs(uri)) return false
        accepted.tryEmit(uri)
        return true
    }

    /** Forgets the replayed link once a feature has acted on it. */
    @OptIn(ExperimentalCoroutinesApi::class) // resetReplayCache: unchanged since coroutines 1.4
    fun consumed() {
        accepted.resetReplayCache()
    }

    /** Whether [uri] is the answer to a login (either redirect), for the account screen. */
    fun isLoginRedirect(uri: Uri): Boolean =
        isPrivateSchemeRedirect(uri) || (isAppLink(uri) && uri.path == DeepLinkPaths.AUTH_CALLBACK)

    /** Whether [uri] is the return from a payment page (either form), for the payment screens. */
    fun isPaymentReturn(uri: Uri): Boolean =
        (isAppLink(uri) && uri.path == DeepLinkPaths.PAYMENT_RETURN) || isSchemePaymentReturn(uri)

    private fun isOurs(uri: Uri): Boolean =
        (isAppLink(uri) && uri.path in PATHS) || isPrivateSchemeRedirect(uri) || isPaymentReturn(uri)

    private fun isAppLink(uri: Uri): Boolean = uri.scheme == "https" &&
        uri.host.equals(host, ignoreCase = true) &&
        uri.port == -1 &&
        uri.userInfo == null

    // `de.leipzig.nahbeimir://pay/return?paymentId=…`: exactly this authority and path.
    private fun isSchemePaymentReturn(uri: Uri): Boolean = uri.scheme == DeepLinkPaths.LOGIN_SCHEME &&
        uri.authority == DeepLinkPaths.PAYMENT_RETURN_HOST &&
        uri.path == DeepLinkPaths.PAYMENT_RETURN_PATH

    // `de.leipzig.nahbeimir:/oauth2redirect?…`: no authority, exactly this path.
    private fun isPrivateSchemeRedirect(uri: Uri): Boolean = uri.scheme == DeepLinkPaths.LOGIN_SCHEME &&
        uri.authority == null &&
        uri.path == DeepLinkPaths.LOGIN_REDIRECT_PATH

    private companion object {
        /** Keep in sync with the intent filters in AndroidManifest.xml. */
        val PATHS = setOf(DeepLinkPaths.AUTH_CALLBACK, DeepLinkPaths.PAYMENT_RETURN)
    }
}

/**
 * The paths of the two App Links and the login's private-use redirect; the manifest's intent
 * filters list the same.
 */
object DeepLinkPaths {
    /** Where the login (OpenID Connect) sends the authorization code. */
    const val AUTH_CALLBACK = "/auth/callback"

    /** Where the payment page returns after paying or cancelling. */
    const val PAYMENT_RETURN = "/pay/return"

    /** The payment return on the app's scheme: `de.leipzig.nahbeimir://pay/return?paymentId=…`. */
    const val PAYMENT_RETURN_HOST = "pay"

    /** The path of [PAYMENT_RETURN_URI]. */
    const val PAYMENT_RETURN_PATH = "/return"

    /** The payment return on the app's scheme, for pages that cannot use the App Link. */
    const val PAYMENT_RETURN_URI = "$LOGIN_SCHEME://$PAYMENT_RETURN_HOST$PAYMENT_RETURN_PATH"

    /** The scheme of the login redirect: the application id, as RFC 8252 §7.1 asks. */
    const val LOGIN_SCHEME = "de.leipzig.nahbeimir"

    /** The path of the login redirect. */
    const val LOGIN_REDIRECT_PATH = "/oauth2redirect"

    /**
     * The redirect URI the login passes to the provider, registered there exactly so. An App
     * Link ([AUTH_CALLBACK]) would be the stronger choice in production: see android/README.md.
     */
    const val LOGIN_REDIRECT_URI = "$LOGIN_SCHEME:$LOGIN_REDIRECT_PATH"
}
