#!/usr/bin/env bash
# Builds the host library (unstripped debug build: the UNIFFI_META symbols
# that library-mode generation reads must still be there) plus the `leipzig`
# binary the JVM tests start as their sandbox, then generates bindings.
#
#   bindings/scripts/generate-bindings.sh [kotlin] [swift]   (default: kotlin)
#
# Output: target/uniffi/<language>/ — build output, never committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

languages=("$@")
[ ${#languages[@]} -gt 0 ] || languages=(kotlin)

cargo build --quiet -p leipzig-ffi -p leipzig-cli -p uniffi-bindgen

case "$(uname -s)" in
  Darwin) lib=target/debug/libleipzig_ffi.dylib ;;
  *) lib=target/debug/libleipzig_ffi.so ;;
esac

for language in "${languages[@]}"; do
  out="target/uniffi/$language"
  rm -rf "$out"
  target/debug/uniffi-bindgen generate "$lib" --language "$language" --out-dir "$out" --no-format
done
