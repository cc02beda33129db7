//! `uniffi-bindgen`: generates Kotlin and Swift from the leipzig-ffi library.
//! Built from this workspace so that it always matches the scaffolding's
//! uniffi version (a mismatch fails only at runtime, on a checksum).

fn main() {
    uniffi::uniffi_bindgen_main()
}
