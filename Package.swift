// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "modelbind",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "modelbind", targets: ["modelbind"]),
        .executable(name: "model-runner-sim", targets: ["model-runner-sim"]),
        .library(name: "ModelBind", targets: ["ModelBind"]),
        .library(name: "ModelRunnerSim", targets: ["ModelRunnerSim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // The system libyaml (Debian: libyaml-dev), found through pkg-config.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // YAML reader and writer over libyaml; knows nothing of Compose.
        .target(name: "YAML", dependencies: ["CYAML"]),
        // The library: loading, validation, runner client, provisioning, emitters.
        .target(
            name: "ModelBind",
            dependencies: [
                "YAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Command-line front end: parses flags, calls ModelBind, renders.
        .target(
            name: "ModelBindCLI",
            dependencies: [
                "ModelBind",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "modelbind", dependencies: ["ModelBindCLI"]),
        // A stand-in for Docker Model Runner's management API, for tests and demos. No inference.
        .target(
            name: "ModelRunnerSim",
            dependencies: [
                "ModelBind",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "model-runner-sim",
            dependencies: [
                "ModelRunnerSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ModelBindTests",
            dependencies: ["ModelBind", "ModelBindCLI", "ModelRunnerSim"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ModelRunnerSimTests", dependencies: ["ModelRunnerSim"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ModelRunnerSim", "ModelBind"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
