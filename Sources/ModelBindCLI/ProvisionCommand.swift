import ArgumentParser
import Dispatch
import Foundation
import ModelBind
import Synchronization

/// `modelbind provision [SERVICE...]`: pull and configure the models the active services use.
struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Pull and configure the models the active services use, through the runner's HTTP API.",
        discussion: """
            The runner is --runner URL, else MODEL_RUNNER_HOST, else the Docker Desktop socket \
            (~/.docker/run/docker.sock), else http://localhost:12434. Exit status: 0 all provisioned, \
            1 any failure, 130 interrupted.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Services whose models to provision (default: every active service).")
    var services: [String] = []

    @Option(
        help:
            "Runner URL: http://host:port, https://..., or unix:///path (default: MODEL_RUNNER_HOST, Desktop socket, http://localhost:12434)."
    )
    var runner: String?

    @Option(help: "Configure through /engines/<backend>/_configure (e.g. llama.cpp).")
    var backend: String?

    @OptionGroup var flags: ProvisionFlags

    func run() async throws {
        let loaded = try project.loadProject(services: services)
        let environment = ProcessInfo.processInfo.environment
        let endpoint: RunnerEndpoint
        do {
            endpoint = try RunnerEndpoint.resolve(
                flag: runner, environment: environment, fileExists: { FileManager.default.fileExists(atPath: $0) },
                homeDirectory: environment["HOME"] ?? NSHomeDirectory())
        } catch {
            throw ProvisionFailure(message: error.description)
        }
        let options = flags.options(backend: backend)
        let printer = ProvisionProgressPrinter(mode: flags.progress, environment: environment)
        let outcome = try await Self.provision(
            loaded.activeModels, endpoint: endpoint, options: options, printer: printer)
        if outcome.interrupted { throw ExitCode(130) }
        if !outcome.report.succeeded { throw ExitCode.failure }
    }

    /// Runs the provisioner with Ctrl-C wired to cancellation; prints the summary and the failures.
    /// Shared with `up`, which provisions before writing bindings.
    static func provision(
        _ models: [ModelDefinition],
        endpoint: RunnerEndpoint,
        options: ProvisionOptions,
        printer: ProvisionProgressPrinter
    ) async throws -> (report: ProvisionReport, interrupted: Bool) {
        let client = RunnerClient(endpoint: endpoint)
        let provisioner = Provisioner(client: client, options: options)
        let interrupted = Atomic(false)
        let task = Task { await provisioner.run(models, events: printer.handle) }

        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            interrupted.store(true, ordering: .sequentiallyConsistent)
            printer.restoreCursor()
            task.cancel()
        }
        source.resume()
        let report = await task.value
        source.cancel()
        signal(SIGINT, SIG_DFL)
        try? await client.shutdown()

        printer.finish(report)
        let wasInterrupted = interrupted.load(ordering: .sequentiallyConsistent)
        if printer.mode != .json {
            for line in failureLines(report, endpoint: endpoint, interrupted: wasInterrupted) {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
        return (report, wasInterrupted)
    }

    /// The closing messages: every failure with the runner's words, or what an interruption left undone.
    static func failureLines(_ report: ProvisionReport, endpoint: RunnerEndpoint, interrupted: Bool) -> [String] {
        var lines: [String] = []
        if interrupted || report.cancelled {
            let done = report.entries.filter { $0.outcome != .cancelled && $0.outcome != .failed }.map(\.key)
            let undone = report.entries.filter { $0.outcome == .cancelled }.map(\.key)
            lines.append(
                "interrupted: finished " + (done.isEmpty ? "nothing" : done.joined(separator: ", "))
                    + (undone.isEmpty ? "" : "; not finished: " + undone.joined(separator: ", ")))
            return lines
        }
        if let message = report.message {
            lines.append("error: " + message)
            return lines
        }
        for entry in report.failures {
            lines.append("error: model \(entry.key) (\(entry.model)): \(entry.message ?? "failed")")
        }
        return lines
    }
}

/// A provisioning failure to print as `Error: …` with exit status 1.
struct ProvisionFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
