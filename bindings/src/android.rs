//! Android only: gives rustls-platform-verifier the application context, so
//! TLS certificates are checked by Android's own trust store (user and MDM
//! policy, revocation). The Android shell calls `PlatformTls.install(context)`
//! once at start, before the first request (docs/adr/0002).

// `no_mangle` is how the JVM finds a native method; nothing else is unsafe here.
#![allow(unsafe_code)]

use jni::{EnvUnowned, objects::JObject};

/// JNI entry of `de.leipzig.nahbeimir.app.platform.PlatformTls.init(Context)`.
/// Errors and panics become a Java `RuntimeException`, never an unwind
/// across the FFI.
#[unsafe(no_mangle)]
pub extern "system" fn Java_de_leipzig_nahbeimir_app_platform_PlatformTls_init<'caller>(
    mut env: EnvUnowned<'caller>,
    _this: JObject<'caller>,
    context: JObject<'caller>,
) {
    env.with_env(|env| rustls_platform_verifier::android::init_with_env(env, context))
        .resolve::<jni::errors::ThrowRuntimeExAndDefault>()
}
