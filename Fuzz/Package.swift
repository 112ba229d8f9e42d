// swift-tools-version: 6.1
// libFuzzer targets for modelbind, kept out of the root package so its build stays lean.
// Build (see ../Makefile `fuzz`): swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "modelbind-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "modelbind", path: "..")
    ],
    targets: [
        .executableTarget(name: "FuzzYAML", dependencies: [.product(name: "ModelBind", package: "modelbind")]),
        .executableTarget(
            name: "FuzzInterpolation", dependencies: [.product(name: "ModelBind", package: "modelbind")]),
        .executableTarget(name: "FuzzDotEnv", dependencies: [.product(name: "ModelBind", package: "modelbind")]),
        .executableTarget(name: "FuzzLoader", dependencies: [.product(name: "ModelBind", package: "modelbind")]),
        .executableTarget(
            name: "FuzzProgressStream", dependencies: [.product(name: "ModelBind", package: "modelbind")]),
    ],
    swiftLanguageModes: [.v6]
)
