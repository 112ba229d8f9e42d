import ComposeLoading
import ComposeModel
import ModelRunnerClient
import RunnerEndpoints

/// `status`: which runner, why that one, whether it answers, its version and backends, and for
/// each of the project's models: present or not, size, the configuration the runner holds against
/// what the compose file asks (drift), loaded or not.
public struct StatusOperation: Sendable {
    public var load: LoadOptions
    /// `--runner`; nil: `MODEL_RUNNER_HOST`, the Desktop socket, the default.
    public var runner: String?
    /// `--backend`: whose stored configuration to compare (default: llama.cpp's, else the first).
    public var backend: String?

    public init(load: LoadOptions, runner: String? = nil, backend: String? = nil) {
        self.load = load
        self.runner = runner
        self.backend = backend
    }

    /// One project model on the runner.
    public struct Model: Sendable, Hashable, Codable {
        public var key: String
        /// `model:` as written.
        public var model: String
        public var present: Bool
        public var id: String?
        public var size: String?
        /// Every tag the stored model has (other references sharing it included).
        public var tags: [String]
        /// What the compose file asks.
        public var contextSize: Int?
        public var runtimeFlags: [String]
        /// What the runner holds (`GET /engines/_configure`), when it holds a configuration.
        public var configured: Configured?
        /// Differences between the two, one sentence each.
        public var drift: [String]
        /// Whether the runner has it loaded (`GET /engines/ps`); nil when that could not be read.
        public var loaded: Bool?
        public var loading: Bool
    }

    /// A configuration the runner holds.
    public struct Configured: Sendable, Hashable, Codable {
        public var backend: String
        public var mode: String
        public var contextSize: Int?
        public var runtimeFlags: [String]?
    }

    public struct Outcome: Sendable, Codable {
        public var runner: RunnerChoice
        public var reachable: Bool
        /// Why not, with the fix, when it is not.
        public var problem: String?
        public var version: String?
        public var backends: [RunnerBackend]
        public var models: [Model]
        /// Version warnings.
        public var warnings: [String]
        /// What could not be read, and other remarks.
        public var notes: [String]
        /// The project's name, when a project was read.
        public var project: String?
    }

    /// Reads the project (where there is none to find, the runner alone is reported, with a note),
    /// then asks the runner.
    public func run(in context: OperationContext) async throws -> Outcome {
        let project = try context.loadProjectIfAny(load)
        let endpoint = try ProvisionOperation.runner(
            runner, environment: project?.environment ?? context.environment, context: context)
        var outcome = try await RunnerClient.withClient(endpoint: endpoint, connectTimeout: .seconds(3)) { client in
            await Self.status(
                of: project?.activeModels ?? [], client: client, backend: backend,
                choice: RunnerChoice(endpoint, processEnvironment: context.environment), project: project?.name)
        }
        if project == nil {
            outcome.notes.append("no compose file here or in a parent directory: showing the runner only (-f FILE)")
        }
        return outcome
    }

    /// The status of `models` at the client's runner; never throws (what fails is said in the outcome).
    public static func status(
        of models: [ModelDefinition], client: RunnerClient, backend: String?, choice: RunnerChoice,
        project: String? = nil
    ) async -> Outcome {
        var outcome = Outcome(
            runner: choice, reachable: false, problem: nil, version: nil, backends: [], models: [], warnings: [],
            notes: [], project: project)
        let probe = await client.probe()
        guard probe.isRunning else {
            outcome.problem = probe.message
            return outcome
        }
        outcome.reachable = true
        do {
            let version = try await client.version()
            outcome.version = version
            outcome.warnings += RunnerVersion.warnings(version)
        } catch {
            outcome.notes.append("could not read the version: \(error)")
        }
        do {
            outcome.backends = try await client.backends()
        } catch {
            outcome.notes.append("could not read the backends: \(error)")
        }
        guard !models.isEmpty else { return outcome }
        let store: RunnerStoreView
        do {
            store = RunnerStoreView(try await client.models())
        } catch {
            outcome.notes.append("could not list the runner's models: \(error)")
            return outcome
        }
        var configurations: [RunnerModelConfiguration] = []
        do {
            configurations = try await client.allConfigurations()
        } catch {
            outcome.notes.append("could not read the stored configurations: \(error)")
        }
        var running: [RunnerRunningModel]?
        do {
            running = try await client.runningModels()
        } catch {
            outcome.notes.append("could not read the loaded models: \(error)")
        }
        outcome.models = models.map { definition in
            Self.model(
                definition, store: store, configurations: configurations, running: running, backend: backend)
        }
        return outcome
    }

    /// One model's row, pure.
    static func model(
        _ definition: ModelDefinition, store: RunnerStoreView, configurations: [RunnerModelConfiguration],
        running: [RunnerRunningModel]?, backend: String?
    ) -> Model {
        let wantedContext = definition.contextSize.flatMap { $0 > 0 ? $0 : nil }
        var row = Model(
            key: definition.key, model: definition.model, present: false, id: nil, size: nil, tags: [],
            contextSize: wantedContext, runtimeFlags: definition.runtimeFlags, configured: nil, drift: [],
            loaded: nil, loading: false)
        guard let stored = store.find(definition.model) else {
            row.loaded = running.map { _ in false }
            return row
        }
        row.present = true
        row.id = stored.id
        row.size = stored.size
        row.tags = stored.tags
        let reference = ModelReference(definition.model)
        let entries = configurations.filter { $0.modelID == stored.id || reference.matches($0.model) }
        if let entry = Self.entry(entries, backend: backend) {
            row.configured = Configured(
                backend: entry.backend, mode: entry.mode, contextSize: entry.contextSize,
                runtimeFlags: entry.runtimeFlags)
        }
        row.drift = Self.drift(wantedContext: wantedContext, wantedFlags: definition.runtimeFlags, held: row.configured)
        if let running {
            let matches = running.filter { reference.matches($0.model) || store.find($0.model)?.id == stored.id }
            row.loaded = !matches.isEmpty
            row.loading = matches.contains { $0.loading }
        }
        return row
    }

    /// The entry to compare: the backend's (given, else llama.cpp, DMR's default, else any), a
    /// completion entry before an embedding one (provisioning stores completion).
    static func entry(_ entries: [RunnerModelConfiguration], backend: String?) -> RunnerModelConfiguration? {
        let wanted = backend.flatMap { $0.isEmpty ? nil : $0 }
        let byBackend =
            wanted.map { name in entries.filter { $0.backend == name } }
            ?? { () -> [RunnerModelConfiguration] in
                let llama = entries.filter { $0.backend == "llama.cpp" }
                return llama.isEmpty ? entries : llama
            }()
        return byBackend.first { $0.mode != "embedding" } ?? byBackend.first
    }

    /// What the compose file asks that the runner does not hold, one sentence each.
    static func drift(wantedContext: Int?, wantedFlags: [String], held: Configured?) -> [String] {
        var drift: [String] = []
        if let wantedContext, held?.contextSize != wantedContext {
            let value = held?.contextSize.map(String.init) ?? "none"
            drift.append("context_size: the compose file asks \(wantedContext), the runner holds \(value)")
        }
        if !wantedFlags.isEmpty, held?.runtimeFlags ?? [] != wantedFlags {
            let value = held?.runtimeFlags.map { "[\($0.joined(separator: " "))]" } ?? "none"
            drift.append(
                "runtime_flags: the compose file asks [\(wantedFlags.joined(separator: " "))], the runner holds \(value)"
            )
        }
        return drift
    }
}
