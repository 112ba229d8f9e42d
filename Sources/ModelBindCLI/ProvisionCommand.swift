import ArgumentParser
import ModelBind

/// `modelbind provision [SERVICE...]`: pull and configure the models the active services use.
struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Pull and configure the models the active services use, through the runner's HTTP API.",
        discussion: """
            The runner is --runner URL, else MODEL_RUNNER_HOST (from the environment or .env), else the \
            Docker Desktop socket (~/.docker/run/docker.sock), else http://localhost:12434. Exit status: \
            0 all provisioned, 1 any failure, 64 usage error, 130 interrupted (143 on SIGTERM).
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Services whose models to provision (default: every active service).")
    var services: [String] = []

    @Option(help: "Runner URL: http://host:port, https://..., or unix:///path.")
    var runner: String?

    @Option(help: "Configure through /engines/<backend>/_configure (e.g. llama.cpp).")
    var backend: String?

    @OptionGroup var flags: ProvisionFlags

    func validate() throws {
        try RunnerFlag.validate(runner)
    }

    func run() async throws {
        let printer = ProvisionProgressPrinter(mode: flags.progress, environment: Terminal.environment)
        let operation = ProvisionOperation(
            load: project.loadOptions(services: services), runner: runner, options: flags.options(backend: backend))
        let (outcome, signal) = try await Interruption.run(cleanUp: printer.restoreCursor) {
            try await operation.run(in: .process(), events: printer.handle)
        }
        try printer.conclude(outcome, signal: signal)
    }
}
