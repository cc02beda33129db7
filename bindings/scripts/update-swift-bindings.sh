#!/usr/bin/env bash
# Regenerates the Swift bindings and copies them into the LeipzigCore Swift
# package. Run after changing the FFI; CI (scripts/check-shells) fails while
# the committed file differs from what the current library generates.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bindings/scripts/generate-bindings.sh swift
mkdir -p ios/LeipzigCore/Sources/LeipzigCore
cp target/uniffi/swift/LeipzigCore.swift ios/LeipzigCore/Sources/LeipzigCore/LeipzigCore.swift
echo "updated ios/LeipzigCore/Sources/LeipzigCore/LeipzigCore.swift"
