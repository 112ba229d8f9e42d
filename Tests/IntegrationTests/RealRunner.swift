import Foundation
import ModelBindSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether `make integration` asked for the real runner (it sets `MODELBIND_INTEGRATION=1`). A plain
/// `swift test` or `make test` leaves it unset, and nothing here starts.
enum IntegrationGate {
    static var requested: Bool { ProcessInfo.processInfo.environment["MODELBIND_INTEGRATION"] == "1" }

    static let howToProvide = """
        no model runner for the integration tests: set MODEL_RUNNER_BIN to the real Docker Model Runner \
        daemon (make integration defaults to ../shared/real-dmr/model-runner beside the repository), or \
        MODELBIND_TEST_RUNNER=http://HOST:PORT to use one already running (Docker Desktop with TCP \
        enabled: the suite then uses only models it pushed itself and deletes them at the end)
        """
}

/// A child process the suite started, with its output in a file; stopped with SIGTERM, then SIGKILL.
final class Daemon: @unchecked Sendable {
    // @unchecked: `process` is only touched by the owning test, in order.
    let name: String
    let process = Process()
    let logPath: String

    init(name: String, executable: String, arguments: [String], environment: [String: String], directory: String)
        throws
    {
        self.name = name
        self.logPath = directory + "/" + name + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits for the process to end by itself, off the cooperative threads.
    func waitForExit() async {
        _ = try? await LoopbackNet.offThread { self.process.waitUntilExit() }
    }

    /// SIGTERM, up to 10 s to exit, then SIGKILL.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Polls `ready` every 20 ms until it holds, the process dies, or 20 s pass.
    func waitUntil(_ what: String, _ ready: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if await ready() { return }
            guard process.isRunning else {
                throw FixtureError("\(name) exited (status \(process.terminationStatus)) before \(what); log:\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureError("\(name) not \(what) after 20 s; log:\n\(log)")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The real world for one run of the suite: a temporary directory, a docker-registry on a free
/// loopback port, and either the real daemon started twice (TCP, and a unix socket with
/// `MODEL_RUNNER_PORT` unset) or the runner `MODELBIND_TEST_RUNNER` names. Everything started here
/// is stopped by ``stop()``, which the suite calls also when a scenario fails.
final class RealWorld: @unchecked Sendable {
    // @unchecked: set up once, then read; the daemons are stopped once at the end.
    let directory: String
    let registryPort: Int
    /// The runner's TCP address, e.g. `http://127.0.0.1:14234`.
    let runnerURL: String
    let runnerPort: Int
    /// The unix-socket daemon (nil with an external runner).
    let socketPath: String?
    /// Whether the daemon is ours (false with `MODELBIND_TEST_RUNNER`).
    let ownsRunner: Bool
    private var daemons: [Daemon] = []
    /// Every reference pulled, for deleting them from an external runner at the end.
    private let pulledReferences = Locked<Set<String>>([])
    let packBinary: String
    let gguf: String
    let tcpDaemon: Daemon?

    var runner: RawHTTP { RawHTTP(address: .tcp(port: runnerPort)) }
    var socketRunner: RawHTTP? { socketPath.map { RawHTTP(address: .unix(path: $0)) } }
    var registryHost: String { "127.0.0.1:\(registryPort)" }

    private init(
        directory: String, registryPort: Int, runnerURL: String, runnerPort: Int, socketPath: String?,
        ownsRunner: Bool, daemons: [Daemon], packBinary: String, gguf: String, tcpDaemon: Daemon?
    ) {
        self.directory = directory
        self.registryPort = registryPort
        self.runnerURL = runnerURL
        self.runnerPort = runnerPort
        self.socketPath = socketPath
        self.ownsRunner = ownsRunner
        self.daemons = daemons
        self.packBinary = packBinary
        self.gguf = gguf
        self.tcpDaemon = tcpDaemon
    }

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    private static func tool(_ variable: String, default name: String) -> String {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        return URL(fileURLWithPath: repositoryRoot + "/../shared/real-dmr/" + name).standardized.path
    }

    private static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Starts everything, or throws saying what is missing and how to provide it.
    static func start() async throws -> RealWorld {
        let environment = ProcessInfo.processInfo.environment
        let external = environment["MODELBIND_TEST_RUNNER"].flatMap { $0.isEmpty ? nil : $0 }
        let daemonBinary = tool("MODEL_RUNNER_BIN", default: "model-runner")
        if external == nil, !FileManager.default.isExecutableFile(atPath: daemonBinary) {
            throw FixtureError("\(daemonBinary) is not there; " + IntegrationGate.howToProvide)
        }
        let packBinary = tool("DMR_PACK_BIN", default: "dmr-pack")
        let tinyGGUF = tool("TINY_GGUF", default: "tiny.gguf")
        guard FileManager.default.isExecutableFile(atPath: packBinary), FileManager.default.fileExists(atPath: tinyGGUF)
        else {
            throw FixtureError(
                "dmr-pack (\(packBinary)) or tiny.gguf (\(tinyGGUF)) is missing; set DMR_PACK_BIN and TINY_GGUF, or put "
                    + "../shared/real-dmr beside the repository")
        }
        guard let registryBinary = environment["REGISTRY_BIN"] ?? which("docker-registry") else {
            throw FixtureError(
                "docker-registry is not installed; `make integration` installs it (scripts/ensure-docker-registry.sh)")
        }

        let directory =
            FileManager.default.temporaryDirectory.path + "/mb-integration-"
            + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory + "/registry", withIntermediateDirectories: true)
        var daemons: [Daemon] = []
        do {
            // The registry.
            let registryPort = try LoopbackNet.freePort()
            let config = """
                version: 0.1
                log: {level: warn}
                storage:
                  filesystem: {rootdirectory: \(directory)/registry/data}
                  delete: {enabled: true}
                http:
                  addr: 127.0.0.1:\(registryPort)
                """
            try config.write(toFile: directory + "/registry/config.yml", atomically: true, encoding: .utf8)
            let registry = try Daemon(
                name: "registry", executable: registryBinary, arguments: ["serve", directory + "/registry/config.yml"],
                environment: ["PATH": "/usr/bin:/bin", "HOME": directory], directory: directory + "/registry")
            daemons.append(registry)
            let registryHTTP = RawHTTP(address: .tcp(port: registryPort))
            try await registry.waitUntil("ready") { (try? await registryHTTP.get("/v2/"))?.status == 200 }

            // The GGUF, copied so its file metadata (part of the model ID) is the same on every run.
            let gguf = directory + "/tiny.gguf"
            try FileManager.default.copyItem(atPath: tinyGGUF, toPath: gguf)
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o644, .modificationDate: Date(timeIntervalSince1970: 1_767_225_600)],
                ofItemAtPath: gguf)

            if let external {
                guard let url = URL(string: external), let port = url.port, url.scheme == "http" else {
                    throw FixtureError("MODELBIND_TEST_RUNNER must be http://HOST:PORT, got \(external)")
                }
                let world = RealWorld(
                    directory: directory, registryPort: registryPort, runnerURL: external, runnerPort: port,
                    socketPath: nil, ownsRunner: false, daemons: daemons, packBinary: packBinary, gguf: gguf,
                    tcpDaemon: nil)
                guard (try? await world.runner.get("/engines/status"))?.status == 200 else {
                    throw FixtureError(
                        "the runner at \(external) (MODELBIND_TEST_RUNNER) does not answer GET /engines/status")
                }
                return world
            }

            // The daemon over TCP, and a second one on a unix socket (MODEL_RUNNER_PORT unset).
            let runnerPort = try LoopbackNet.freePort()
            let tcp = try startDaemon(daemonBinary, name: "runner-tcp", port: runnerPort, in: directory)
            daemons.append(tcp)
            let socketDaemon = try startDaemon(daemonBinary, name: "runner-sock", port: nil, in: directory)
            daemons.append(socketDaemon)
            let socketPath = directory + "/runner-sock/model-runner.sock"
            let tcpHTTP = RawHTTP(address: .tcp(port: runnerPort))
            let socketHTTP = RawHTTP(address: .unix(path: socketPath))
            try await tcp.waitUntil("ready") { (try? await tcpHTTP.get("/engines/status"))?.status == 200 }
            try await socketDaemon.waitUntil("ready") { (try? await socketHTTP.get("/engines/status"))?.status == 200 }
            return RealWorld(
                directory: directory, registryPort: registryPort, runnerURL: "http://127.0.0.1:\(runnerPort)",
                runnerPort: runnerPort, socketPath: socketPath, ownsRunner: true, daemons: daemons,
                packBinary: packBinary, gguf: gguf, tcpDaemon: tcp)
        } catch {
            for daemon in daemons.reversed() { await daemon.stop() }
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private static func startDaemon(_ binary: String, name: String, port: Int?, in directory: String) throws -> Daemon {
        let home = directory + "/" + name
        for sub in ["home", "models", "logs"] {
            try FileManager.default.createDirectory(atPath: home + "/" + sub, withIntermediateDirectories: true)
        }
        var environment = [
            "PATH": "/usr/bin:/bin", "HOME": home + "/home", "MODELS_PATH": home + "/models",
            "MODEL_RUNNER_LOG_DIR": home + "/logs", "MODEL_RUNNER_SOCK": home + "/model-runner.sock",
            "DISABLE_SERVER_UPDATE": "1", "INSECURE_REGISTRY": "true",
            // Nothing leaves the machine: every non-loopback request goes to a dead port.
            "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
            "NO_PROXY": "127.0.0.1,localhost",
        ]
        if let port { environment["MODEL_RUNNER_PORT"] = "127.0.0.1:\(port)" }
        return try Daemon(name: name, executable: binary, arguments: [], environment: environment, directory: home)
    }

    /// Stops what was started (also after a failure), deletes the models pushed for an external
    /// runner, and removes the temporary directory.
    func stop() async {
        if !ownsRunner {
            for reference in pulledReferences.withLock({ $0 }).sorted() {
                _ = try? await runner.request("DELETE", "/models/" + reference + "?force=true")
            }
        }
        for daemon in daemons.reversed() { await daemon.stop() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Models

    /// Pushes the tiny GGUF as `127.0.0.1:<registry>/<repository>:<tag>`. `created` makes distinct
    /// manifests; `padding` appends zero bytes (a distinct, bigger layer blob).
    @discardableResult
    func push(
        _ repository: String, tag: String = "latest", created: Int = 1_767_225_600, padding: Int = 0,
        contextSize: Int? = nil
    ) async throws -> String {
        let reference = "\(registryHost)/\(repository):\(tag)"
        var file = gguf
        if padding > 0 {
            file = directory + "/pad-\(padding).gguf"
            if !FileManager.default.fileExists(atPath: file) {
                var data = try Data(contentsOf: URL(fileURLWithPath: gguf))
                data.append(Data(count: padding))
                try data.write(to: URL(fileURLWithPath: file))
                try FileManager.default.setAttributes(
                    [.posixPermissions: 0o644, .modificationDate: Date(timeIntervalSince1970: 1_767_225_600)],
                    ofItemAtPath: file)
            }
        }
        var arguments = ["-created", String(created)]
        if let contextSize { arguments += ["-context-size", String(contextSize)] }
        arguments += [file, reference]
        let pack = try Daemon(
            name: "dmr-pack-\(UUID().uuidString.prefix(6))", executable: packBinary, arguments: arguments,
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory], directory: directory)
        await pack.waitForExit()
        guard pack.process.terminationStatus == 0 else {
            throw FixtureError("dmr-pack \(arguments.joined(separator: " ")) failed: \(pack.log)")
        }
        return reference
    }

    /// Remembers a reference the suite had pulled (deleted at the end from an external runner).
    func willPull(_ references: String...) {
        pulledReferences.withLock { for reference in references { $0.insert(reference) } }
    }

    // MARK: - What the runner reports

    /// `GET /models` as (tags, id) pairs.
    func models(_ http: RawHTTP? = nil) async throws -> [(id: String, tags: [String])] {
        let response = try await (http ?? runner).get("/models")
        guard response.status == 200, let list = response.json as? [[String: Any]] else {
            throw FixtureError("GET /models: \(response)")
        }
        return list.map { ($0["id"] as? String ?? "", $0["tags"] as? [String] ?? []) }
    }

    /// Every tag `GET /models` lists.
    func tags(_ http: RawHTTP? = nil) async throws -> Set<String> {
        Set(try await models(http).flatMap(\.tags))
    }

    /// `GET /models/{reference}`: the body as JSON, or nil for 404.
    func inspect(_ reference: String, _ http: RawHTTP? = nil) async throws -> [String: Any]? {
        let response = try await (http ?? runner).get("/models/" + reference)
        if response.status == 404 { return nil }
        guard response.status == 200, let body = response.json as? [String: Any] else {
            throw FixtureError("GET /models/\(reference): \(response)")
        }
        return body
    }

    /// The `Config` of `GET /engines/_configure` entries whose `Model` or `ModelID` matches.
    func configuration(of reference: String, id: String? = nil, _ http: RawHTTP? = nil) async throws -> [[String: Any]]
    {
        let response = try await (http ?? runner).get("/engines/_configure")
        guard response.status == 200 else { throw FixtureError("GET /engines/_configure: \(response)") }
        let entries = response.json as? [[String: Any]] ?? []
        return entries.filter { entry in
            entry["Model"] as? String == reference || (id != nil && entry["ModelID"] as? String == id)
        }.map { $0["Config"] as? [String: Any] ?? [:] }
    }

    /// How often the TCP daemon's log says it started pulling `reference` (0 with an external runner).
    func pullsLogged(_ reference: String) -> Int {
        guard let tcpDaemon else { return 0 }
        return tcpDaemon.log.components(separatedBy: "msg=\"pulling model\" model=\(reference)\n").count - 1
    }
}
