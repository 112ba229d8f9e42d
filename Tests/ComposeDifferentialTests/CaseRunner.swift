import Foundation

/// What Docker Compose did with a case: `config` (no daemon) and, when that succeeded,
/// `create --no-build` against the fake engine and the stub plugin.
struct ComposeOutcome: Sendable {
    var config: ProcessOutput
    var create: ProcessOutput?
    /// Service → the `Env` of each of its containers (`KEY=VALUE` items).
    var containers: [String: [[String]]] = [:]
    /// The stub plugin's `pull` and `configure` calls (arguments after the command name included).
    var pulls: [String] = []
    var configures: [[String]] = []
    var unhandledEngineRequests: [String] = []

    var accepted: Bool { config.status == 0 && create?.status == 0 }
}

/// What modelbind did with a case.
struct ModelBindOutcome: Sendable {
    var validate: ProcessOutput
    var config: ProcessOutput
    var env: ProcessOutput
}

/// Runs a case through both programs, at most `limit` cases at a time across every test of the process.
actor CaseRunner {
    /// Cases at a time: the children mostly wait on each other (compose on its plugin calls), so
    /// three per core keep the cores busy. `COMPOSE_DIFFERENTIAL_JOBS` overrides it.
    static let shared = CaseRunner(
        limit: ProcessInfo.processInfo.environment["COMPOSE_DIFFERENTIAL_JOBS"].flatMap { Int($0) }.map { max(1, $0) }
            ?? max(2, 3 * ProcessInfo.processInfo.activeProcessorCount))

    /// The `*_URL` value of the stub plugin's `status --json`, given to modelbind as `--endpoint` too.
    /// Never connected to.
    static let endpoint = "http://127.0.0.1:12434/engines/v1/"

    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var counter = 0
    let root: String

    init(limit: Int) {
        self.limit = limit
        root = "/tmp/mbdiff-" + UUID().uuidString.prefix(8).lowercased()
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    private func nextNumber() -> Int {
        counter += 1
        return counter
    }

    /// Runs `testCase` in both programs once a slot is free.
    func run(_ testCase: DifferentialCase) async throws -> (compose: ComposeOutcome, modelbind: ModelBindOutcome) {
        await acquire()
        let number = nextNumber()
        do {
            let result = try await Self.execute(testCase, in: root + "/\(number)", compose: try await Tools.compose())
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private static func execute(_ testCase: DifferentialCase, in scratch: String, compose: String) async throws -> (
        compose: ComposeOutcome, modelbind: ModelBindOutcome
    ) {
        let fileManager = FileManager.default
        let runtime = scratch + "/rt"
        try fileManager.createDirectory(atPath: runtime + "/home", withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(atPath: scratch) }
        let directory: String
        if let given = testCase.directory {
            directory = given
        } else {
            directory = scratch + "/" + projectDirectoryName(testCase.name)
            for (path, contents) in testCase.files {
                let full = directory + "/" + path
                try fileManager.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
            }
            try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        // Docker Compose: a minimal environment, the fake engine and the stub plugin.
        let dockerConfig = runtime + "/docker-config"
        let plugin = try ModelPluginStub.install(
            dockerConfig: dockerConfig, callDirectory: runtime + "/calls", endpoint: endpoint)
        let engine = try await FakeEngine.start(socketPath: runtime + "/docker.sock")
        var composeEnvironment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": runtime + "/home", "DOCKER_CONFIG": dockerConfig,
            "DOCKER_HOST": "unix://" + engine.socketPath, "COMPOSE_PROGRESS": "plain", "NO_COLOR": "1",
        ]
        composeEnvironment.merge(testCase.environment) { _, new in new }
        let config: ProcessOutput
        var create: ProcessOutput?
        do {
            config = try await ChildProcess.run(
                compose, testCase.arguments + ["config"], environment: composeEnvironment, directory: directory,
                scratch: runtime)
            if config.status == 0 {
                create = try await ChildProcess.run(
                    compose, testCase.arguments + ["create", "--no-build"], environment: composeEnvironment,
                    directory: directory, scratch: runtime)
            }
        } catch {
            await engine.shutdown()
            throw error
        }
        var composeOutcome = ComposeOutcome(config: config, create: create)
        for container in engine.containers {
            composeOutcome.containers[container.service, default: []].append(container.environment)
        }
        composeOutcome.unhandledEngineRequests = engine.unhandledRequests
        await engine.shutdown()
        for call in plugin.calls() {
            switch call.first {
            case "pull": composeOutcome.pulls.append(call.count > 1 ? call[1] : "")
            case "configure": composeOutcome.configures.append(Array(call.dropFirst()))
            default: break
            }
        }

        // modelbind: the same options and variables, its own home.
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": runtime + "/home", "NO_COLOR": "1"]
        environment.merge(testCase.environment) { _, new in new }
        let binary = Tools.modelbind
        func modelbind(_ command: String, _ extra: [String]) async throws -> ProcessOutput {
            try await ChildProcess.run(
                binary, [command] + testCase.arguments + extra, environment: environment, directory: directory,
                scratch: runtime)
        }
        let outcome = ModelBindOutcome(
            validate: try await modelbind("validate", ["--format", "json"]),
            config: try await modelbind("config", ["--format", "json"]),
            env: try await modelbind("env", ["--format", "json", "--endpoint", endpoint, "--target", "container"]))
        return (composeOutcome, outcome)
    }

    /// A directory name for a case: Compose derives the project name from it.
    private static func projectDirectoryName(_ name: String) -> String {
        let allowed = name.lowercased().unicodeScalars.map { scalar -> Character in
            (scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
                ? Character(scalar) : "-"
        }
        return String(String(allowed).prefix(40))
    }
}
