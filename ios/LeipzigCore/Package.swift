// swift-tools-version:5.9
//
// The core for the iOS app: the Rust library as an XCFramework
// (`LeipzigCoreFFI`, built by bindings/scripts/build-xcframework.sh and not
// committed) under the uniffi-generated Swift (`LeipzigCore.swift`, committed
// and checked by CI) plus hand-written adapters (`Listeners.swift`).
import PackageDescription

let package = Package(
    name: "LeipzigCore",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "LeipzigCore", targets: ["LeipzigCore"]),
    ],
    targets: [
        .binaryTarget(name: "LeipzigCoreFFI", path: "LeipzigCoreFFI.xcframework"),
        .target(
            name: "LeipzigCore",
            dependencies: ["LeipzigCoreFFI"],
            path: "Sources/LeipzigCore",
            // The static Rust library verifies TLS certificates through the
            // system trust store (rustls-platform-verifier → Security.framework);
            // `cargo rustc -p leipzig-ffi --target aarch64-apple-ios -- --print native-static-libs`
            // lists what it needs.
            linkerSettings: [
                .linkedFramework("Security"),
                .linkedFramework("CoreFoundation"),
            ]
        ),
    ]
)
