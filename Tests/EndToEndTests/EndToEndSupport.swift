import Foundation
import ModelRunnerSim
import Testing

/// A compose project in a scratch directory, a simulator, and the CLI pointed at both.
final class EndToEndProject {
    let directory: String
    let sim: ModelRunnerSim
    let runnerURL: String

    enum Transport: String, CaseIterable, Sendable {
        case tcp
        case unix
    }

    static let compose = """
        services:
          web:
            image: web
            models: [chat]
          worker:
            image: worker
            models:
              chat:
              embedder:
                endpoint_var: EMBED_URL
        models:
          chat:
            model: ai/smollm2
            context_size: 4096
            runtime_flags: ["--temp", "0.2"]
          embedder:
            model: ai/mxbai-embed-large
        """

    static let defaultModels = [
        SimModel(reference: "ai/smollm2", layerSizes: [600_000, 400_000]),
        SimModel(reference: "ai/mxbai-embed-large", size: 700_000),
    ]

    private init(directory: String, sim: ModelRunnerSim, runnerURL: String) {
        self.directory = directory
        self.sim = sim
        self.runnerURL = runnerURL
    }

    /// Starts a simulator (TCP on an ephemeral port, or a unix socket) and writes `files`.
    static func start(
        transport: Transport = .tcp,
        files: [String: String] = ["compose.yaml": compose],
        models: [SimModel] = defaultModels
    ) async throws -> EndToEndProject {
        let directory =
            FileManager.default.temporaryDirectory.path + "/mb-e2e-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (path, contents) in files {
            let full = directory + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
        }
        let sim = ModelRunnerSim(
            configuration: SimConfiguration(
                models: models, progressInterval: .milliseconds(5), progressByteStep: 100_000)
        )
        let address: SimListenAddress =
            switch transport {
            case .tcp: .ephemeral
            case .unix: .unix(path: "/tmp/mb-e2e-\(UUID().uuidString.prefix(8)).sock")
            }
        let bound = try await sim.start(listening: address)
        return EndToEndProject(directory: directory, sim: sim, runnerURL: bound.url)
    }

    func stop() async {
        try? await sim.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var cli: CLIRunner { CLIRunner(currentDirectory: directory) }

    /// `modelbind arguments --runner <sim>`.
    func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> CLIRunner.Result {
        try await cli.run(arguments + ["--runner", runnerURL], timeout: timeout)
    }

    func requests(_ method: String, _ path: String) -> [RecordedRequest] {
        sim.requests.filter { $0.method == method && $0.path == path }
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: directory + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs `body` with a started project and always stops it.
    static func with(
        transport: Transport = .tcp,
        files: [String: String] = ["compose.yaml": compose],
        models: [SimModel] = defaultModels,
        _ body: (EndToEndProject) async throws -> Void
    ) async throws {
        let project = try await start(transport: transport, files: files, models: models)
        do {
            try await body(project)
        } catch {
            await project.stop()
            throw error
        }
        await project.stop()
    }
}
