// swift-tools-version: 6.1
// The benchmark harness: a separate package so the root build and CI stay lean.
// Run everything with `Benchmarks/run.sh` (see docs/performance.md).
import PackageDescription

let package = Package(
    name: "modelbind-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "modelbind", path: ".."),
        // Only for the Yams comparison; its bundled libyaml lives in its own executable so that it
        // cannot interpose on the system libyaml that modelbind and the floor scan use.
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // The floor: libyaml's own event scan, in C, against the system libyaml.
        .target(name: "CLibYAMLScan", linkerSettings: [.linkedLibrary("yaml")]),
        // The harness: times modelbind against the floor and the alternatives, prints the table.
        .executableTarget(
            name: "modelbind-bench",
            dependencies: [
                "CLibYAMLScan",
                .product(name: "ModelBind", package: "modelbind"),
                .product(name: "ModelRunnerSim", package: "modelbind"),
            ]
        ),
        // The Yams alternative: compose, walk, bind; times itself and prints one JSON line.
        .executableTarget(name: "yams-bindings", dependencies: [.product(name: "Yams", package: "Yams")]),
    ],
    swiftLanguageModes: [.v6]
)
