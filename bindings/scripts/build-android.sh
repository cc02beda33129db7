#!/usr/bin/env bash
# Builds leipzig-ffi for Android and generates its Kotlin bindings for the app:
#
#   android/core/src/main/jniLibs/<abi>/libleipzig_ffi.so   (gitignored)
#   android/core/build/generated/uniffi/                    (Gradle build output)
#
# Needs: the Android NDK (ANDROID_NDK_HOME), cargo-ndk (`cargo install cargo-ndk`) and
# the Rust targets (`rustup target add aarch64-linux-android armv7-linux-androideabi
# x86_64-linux-android`). Run it again after every change to the Rust code or the FFI,
# and after `./gradlew clean` (which deletes the generated bindings).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# Devices (arm64, older 32-bit arm) and the emulator on x86_64 hosts.
abis=(arm64-v8a armeabi-v7a x86_64)
targets=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android)
# The app's minSdk: the libraries must not link against newer Android APIs.
min_sdk=26

fail() { echo "build-android.sh: $*" >&2; exit 1; }

command -v cargo-ndk >/dev/null 2>&1 || fail "cargo-ndk is missing: cargo install cargo-ndk"
[ -n "${ANDROID_NDK_HOME:-}" ] || fail "ANDROID_NDK_HOME is not set (e.g. \$ANDROID_HOME/ndk/<version>)"
[ -d "$ANDROID_NDK_HOME" ] || fail "ANDROID_NDK_HOME ($ANDROID_NDK_HOME) is not a directory"
installed=$(rustup target list --installed 2>/dev/null || true)
for target in "${targets[@]}"; do
  grep -qx "$target" <<<"$installed" || fail "Rust target $target is missing: rustup target add ${targets[*]}"
done

ndk_args=()
for abi in "${abis[@]}"; do ndk_args+=(-t "$abi"); done
cargo ndk "${ndk_args[@]}" --platform "$min_sdk" -o android/core/src/main/jniLibs \
  build --release -p leipzig-ffi

# Bindings come from the library itself (uniffi "library mode"): uniffi-bindgen reads the
# UNIFFI_META_* symbols the scaffolding exports. Stripping removes those symbols, so the
# input must be an unstripped build: the release profile keeps `strip = false` (Cargo.toml),
# and cargo-ndk's copies in jniLibs may be stripped (that is fine for the APK; the Android
# Gradle plugin strips native libraries when packaging anyway). Hence target/, not jniLibs.
# Any ABI will do; the metadata is the same in each.
lib=target/aarch64-linux-android/release/libleipzig_ffi.so
[ -f "$lib" ] || fail "$lib was not built"
out=android/core/build/generated/uniffi
rm -rf "$out"
cargo run --quiet -p uniffi-bindgen -- generate "$lib" --language kotlin --out-dir "$out" --no-format

echo "Native libraries: android/core/src/main/jniLibs/{$(IFS=,; echo "${abis[*]}")}"
echo "Kotlin bindings:  $out"
