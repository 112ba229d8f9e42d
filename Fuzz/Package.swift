// swift-tools-version: 6.1
// libFuzzer targets for modelbind, kept out of the root package so its build stays lean.
// Build (see ../Makefile `fuzz`): swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let fuzzTargetDependencies: [Target.Dependency] = [
    "FuzzSupport", .product(name: "ModelBind", package: "modelbind"),
]

let package = Package(
    name: "modelbind-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "modelbind", path: "..")
    ],
    targets: [
        // The hand-over from each executable's `main` to libFuzzer's driver, shared by all targets.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzYAML", dependencies: fuzzTargetDependencies),
        .executableTarget(name: "FuzzInterpolation", dependencies: fuzzTargetDependencies),
        .executableTarget(name: "FuzzDotEnv", dependencies: fuzzTargetDependencies),
        .executableTarget(name: "FuzzLoader", dependencies: fuzzTargetDependencies),
        .executableTarget(name: "FuzzProgressStream", dependencies: fuzzTargetDependencies),
    ],
    swiftLanguageModes: [.v6]
)
