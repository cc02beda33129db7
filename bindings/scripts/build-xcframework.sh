#!/usr/bin/env bash
# Builds the core for iOS as ios/LeipzigCore/LeipzigCoreFFI.xcframework (device
# arm64 + simulator arm64/x86_64, static libraries) and checks that the
# committed Swift bindings match the library. macOS with Xcode only.
#
#   bindings/scripts/build-xcframework.sh
#
# Output: ios/LeipzigCore/LeipzigCoreFFI.xcframework (gitignored), plus
# target/uniffi/swift-ios/ (generated Swift, header, module map) and
# target/xcframework/ (staging).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

if [ "$(uname -s)" != "Darwin" ]; then
  echo "build-xcframework.sh needs macOS with Xcode (xcodebuild, lipo)." >&2
  exit 1
fi

device=aarch64-apple-ios
simulators=(aarch64-apple-ios-sim x86_64-apple-ios)
lib=libleipzig_ffi.a
out=ios/LeipzigCore/LeipzigCoreFFI.xcframework
bindings=target/uniffi/swift-ios
staging=target/xcframework

# Objects built for the app's minimum iOS, so the linker does not warn about
# libraries built for a newer version than the app.
export IPHONEOS_DEPLOYMENT_TARGET=16.0

rustup target add "$device" "${simulators[@]}"
for target in "$device" "${simulators[@]}"; do
  # The release profile keeps `strip = false` (Cargo.toml): see below.
  cargo build --release -p leipzig-ffi --target "$target"
done

# Bindings come from the UNSTRIPPED device library: uniffi's library mode
# reads the API (names, types, checksums) from the UNIFFI_META_* symbols
# compiled into it, and a full strip (cargo's `strip = true`, a plain `strip`)
# removes them — the generated Swift would come out empty. That is why the
# release profile keeps `strip = false`, and why stripping happens only
# afterwards, on copies (below).
rm -rf "$bindings"
cargo run --quiet -p uniffi-bindgen -- generate "target/$device/release/$lib" \
  --language swift --out-dir "$bindings" --no-format

# Staging: one library per platform (the simulator slices merged into one
# fat library), each with a headers directory holding the C header and the
# module map. The module map lives in a LeipzigCoreFFI/ subdirectory and is
# named module.modulemap, so clang finds the module by name and it cannot
# collide with another XCFramework's map in the build's include directory.
rm -rf "$staging"
mkdir -p "$staging/ios" "$staging/ios-simulator" "$staging/headers/LeipzigCoreFFI"
cp "target/$device/release/$lib" "$staging/ios/$lib"
sim_libs=()
for target in "${simulators[@]}"; do sim_libs+=("target/$target/release/$lib"); done
lipo -create "${sim_libs[@]}" -output "$staging/ios-simulator/$lib"
cp "$bindings/LeipzigCoreFFI.h" "$staging/headers/LeipzigCoreFFI/LeipzigCoreFFI.h"
cp "$bindings/LeipzigCoreFFI.modulemap" "$staging/headers/LeipzigCoreFFI/module.modulemap"

# Strip debug symbols from the copies only, now that the bindings exist
# (cargo's own outputs stay as built, so a re-run can still generate from
# them). `-S` is what Xcode does to static libraries: every symbol the
# linker and the Swift code need stays; the app's link strips the rest.
strip -S "$staging/ios/$lib" "$staging/ios-simulator/$lib"

rm -rf "$out"
xcodebuild -create-xcframework \
  -library "$staging/ios/$lib" -headers "$staging/headers" \
  -library "$staging/ios-simulator/$lib" -headers "$staging/headers" \
  -output "$out"
echo "built $out"

# The Swift the app compiles is the committed file; it must be exactly what
# this library generates, or the app fails its checksum check at start.
committed=ios/LeipzigCore/Sources/LeipzigCore/LeipzigCore.swift
if ! diff -q "$committed" "$bindings/LeipzigCore.swift" >/dev/null; then
  echo "$committed differs from the bindings of this library." >&2
  echo "Run bindings/scripts/update-swift-bindings.sh and commit the result." >&2
  exit 1
fi
echo "swift bindings: current"
