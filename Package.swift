// swift-tools-version: 6.1
import PackageDescription

// The layers are targets, so the compiler keeps the arrows one way (docs/architecture.md draws the
// graph). Bottom to top: ModelBindSupport and YAML; ComposeModel; ComposeLoading, ComposeValidation,
// RunnerEndpoints; ModelRunnerClient; Provisioning, BindingOutput; ModelBind (the use cases);
// ModelBindCLI. ModelRunnerSim stands apart: it depends on none of them.
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
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // The system libyaml (Debian: libyaml-dev), found through pkg-config.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // YAML reader (a flat node store) and writer over libyaml; knows nothing of Compose.
        .target(name: "YAML", dependencies: ["CYAML", "ModelBindSupport"]),
        // Project-wide utilities: locks, paths, atomic writes, JSON output, spelling suggestions.
        .target(name: "ModelBindSupport"),
        // The Compose model: project, models, bindings, references, diagnostics and the rule catalogue.
        .target(name: "ComposeModel", dependencies: ["ModelBindSupport", "YAML"]),
        // Compose files to a ComposeProject: discovery, .env, interpolation, merge, include, extends, profiles.
        .target(name: "ComposeLoading", dependencies: ["ComposeModel", "ModelBindSupport", "YAML"]),
        // The rules beyond loading, and the report formats (human, JSON, SARIF, GitHub).
        .target(name: "ComposeValidation", dependencies: ["ComposeModel", "RunnerEndpoints", "ModelBindSupport"]),
        // Where the runner is (--runner > MODEL_RUNNER_HOST > Desktop socket > default), and the
        // *_URL value bound services get.
        .target(name: "RunnerEndpoints", dependencies: ["ModelBindSupport"]),
        // Docker Model Runner's HTTP API over TCP or a unix socket.
        .target(
            name: "ModelRunnerClient",
            dependencies: [
                "RunnerEndpoints", "ModelBindSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Pull and configure a project's models: plan, bounded concurrency, retries, events, report.
        .target(name: "Provisioning", dependencies: ["ComposeModel", "ModelRunnerClient", "ModelBindSupport"]),
        // The variables Compose would inject, written as env files, JSON, shell, GitHub env or a wrapped compose file.
        .target(
            name: "BindingOutput", dependencies: ["ComposeModel", "RunnerEndpoints", "ModelBindSupport", "YAML"]),
        // The library's façade: the use cases (validate, config, env, wrap, provision, up) as operations.
        .target(
            name: "ModelBind",
            dependencies: [
                "ComposeModel", "ComposeLoading", "ComposeValidation", "RunnerEndpoints", "ModelRunnerClient",
                "Provisioning", "BindingOutput", "ModelBindSupport", "YAML",
            ]
        ),
        // Command-line front end: parses the command line (its own small parser: ArgumentParser's
        // reflection was two thirds of a `validate` run), calls one ModelBind operation, renders.
        .target(name: "ModelBindCLI", dependencies: ["ModelBind"]),
        .executableTarget(name: "modelbind", dependencies: ["ModelBindCLI"]),
        // A stand-in for Docker Model Runner (management API and OpenAI-compatible routes), for tests and demos.
        // No inference.
        // It has its own reference normalisation and flag allowlist: only swift-nio products.
        .target(
            name: "ModelRunnerSim",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
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
            dependencies: [
                "ModelBind", "ModelBindCLI", "ModelRunnerSim", "ComposeModel", "ComposeLoading", "ComposeValidation",
                "RunnerEndpoints", "ModelRunnerClient", "Provisioning", "BindingOutput", "ModelBindSupport", "YAML",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ModelRunnerSimTests",
            dependencies: [
                "ModelRunnerSim",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The built CLI against the real Docker Model Runner and a registry (`make integration`
        // only: the suite is disabled unless MODELBIND_INTEGRATION=1), and the scenario table that
        // holds the simulator to the real daemon.
        .testTarget(name: "IntegrationTests", dependencies: ["ModelBindSupport", "ModelRunnerSim"]),
        // Docker Compose v2.40.3 itself against the built CLI, on fixtures, the corpus and generated
        // projects (docs/compose-compatibility.md). Needs the compose binary: COMPOSE_BIN, or
        // scripts/ensure-compose.sh (pip) fetches it into .build/compose once.
        .testTarget(
            name: "ComposeDifferentialTests",
            dependencies: [
                "YAML",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ModelRunnerSim", "ModelBind",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
