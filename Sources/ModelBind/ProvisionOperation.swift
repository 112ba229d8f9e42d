import ComposeLoading
import ComposeModel
import ModelRunnerClient
import Provisioning
import RunnerEndpoints

/// `provision`: pull and configure the models the active services use, through the runner's HTTP API.
public struct ProvisionOperation: Sendable {
    public var load: LoadOptions
    /// `--runner`; nil: `MODEL_RUNNER_HOST` (of the project's environment), the Desktop socket, the default.
    public var runner: String?
    public var options: ProvisionOptions

    public init(load: LoadOptions, runner: String? = nil, options: ProvisionOptions = ProvisionOptions()) {
        self.load = load
        self.runner = runner
        self.options = options
    }

    public struct Outcome: Sendable {
        public var report: ProvisionReport
        /// The runner that was used.
        public var runner: RunnerEndpoint
        /// The run was interrupted (its task cancelled).
        public var interrupted: Bool
        public var warnings: [Diagnostic]

        public init(report: ProvisionReport, runner: RunnerEndpoint, interrupted: Bool, warnings: [Diagnostic] = []) {
            self.report = report
            self.runner = runner
            self.interrupted = interrupted
            self.warnings = warnings
        }

        /// What to say at the end when the run did not succeed: what an interruption left undone,
        /// or each failure with the runner's words. Empty on success.
        public var closingLines: [String] {
            if interrupted || report.cancelled {
                let done = report.entries.filter { $0.outcome != .cancelled && $0.outcome != .failed }.map(\.key)
                let undone = report.entries.filter { $0.outcome == .cancelled }.map(\.key)
                return [
                    "interrupted; finished " + (done.isEmpty ? "nothing" : done.joined(separator: ", "))
                        + (undone.isEmpty ? "" : "; not finished: " + undone.joined(separator: ", "))
                ]
            }
            if let message = report.message { return [message] }
            return report.failures.map { "model \($0.key) (\($0.model)): \($0.message ?? "failed")" }
        }
    }

    /// Runs the provisioner; cancelling the calling task interrupts it (in-flight requests are
    /// closed, so the runner stops its pulls) and the outcome says so.
    public func run(
        in context: OperationContext, events: @escaping @Sendable (OperationEvent) -> Void = { _ in }
    ) async throws -> Outcome {
        let (project, warnings) = try context.loadProject(load)
        events(.findings(warnings))
        let endpoint = try Self.runner(runner, environment: project.environment, context: context)
        let report = await Self.provision(
            project.activeModels, runner: endpoint, options: options, events: { events(.provisioning($0)) })
        return Outcome(report: report, runner: endpoint, interrupted: Task.isCancelled, warnings: warnings)
    }

    /// The runner: `flag`, else `MODEL_RUNNER_HOST` of `environment`, the Desktop socket, the default.
    static func runner(_ flag: String?, environment: [String: String], context: OperationContext)
        throws(OperationError) -> RunnerEndpoint
    {
        do {
            return try RunnerEndpoint.resolve(flag: flag, discovery: context.runnerDiscovery(environment: environment))
        } catch {
            throw OperationError(error.description, usage: flag != nil)
        }
    }

    /// Provisions `models` at `runner` with a client of its own.
    static func provision(
        _ models: [ModelDefinition], runner: RunnerEndpoint, options: ProvisionOptions,
        events: @escaping @Sendable (ProvisionEvent) -> Void
    ) async -> ProvisionReport {
        let client = RunnerClient(endpoint: runner)
        let report = await Provisioner(client: client, options: options).run(models, events: events)
        try? await client.shutdown()
        return report
    }
}
