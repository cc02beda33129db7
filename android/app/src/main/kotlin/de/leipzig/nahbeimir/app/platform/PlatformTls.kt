package de.leipzig.nahbeimir.app.platform

import android.content.Context

/**
 * Hands the application context to rustls-platform-verifier inside the core, so that TLS
 * certificates are checked by Android's own trust store (user and MDM policy, revocation)
 * rather than a bundled root list (docs/adr/0002). Must run before the core's first request.
 */
object PlatformTls {
    @Volatile
    private var installed = false

    /** Initialises the verifier once per process; later calls do nothing. */
    fun install(context: Context) {
        if (installed) return
        synchronized(this) {
            if (installed) return
            // JNA loads the same library for the bindings; the JVM needs its own load to bind
            // the JNI symbol below. Loading twice is harmless: the linker shares one copy.
            System.loadLibrary("leipzig_ffi")
            init(context.applicationContext)
            installed = true
        }
    }

    /** Implemented in Rust: `Java_de_leipzig_nahbeimir_app_platform_PlatformTls_init` (bindings/src/android.rs). */
    private external fun init(context: Context)
}
