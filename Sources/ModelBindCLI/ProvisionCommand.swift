import ModelBind

/// `modelbind provision [SERVICE...]`: pull and configure the models the active services use.
struct ProvisionCommand: Command {
    static let name = "provision"
    static let abstract = "Pull and configure the models the active services use, through the runner's HTTP API."
    static let discussion = """
        The runner is --runner URL, else MODEL_RUNNER_HOST (from the environment or .env), else the \
        Docker Desktop socket (~/.docker/run/docker.sock), else http://localhost:12434. After configuring, \
        the configuration is read back and a setting that did not stick is reported; --check does only \
        that read-back. Exit status: 0 all provisioned (with --check: every setting as configured), 1 any \
        failure or difference, 64 usage error, 130 interrupted (143 on SIGTERM).
        """
    static let arguments =
        ProjectOptions.arguments + [
            RunnerFlag.argument,
            .option(
                "backend", value: "name", help: "Configure through /engines/<backend>/_configure (e.g. llama.cpp)."),
            .flag(
                "check",
                help: "Pull and configure nothing: read back what the runner holds (GET /engines/_configure) and "
                    + "exit 1 when a model's context_size or runtime_flags differ."),
        ] + ProvisionFlags.arguments + [
            .positional("services", help: "Services whose models to provision (default: every active service).")
        ]

    var project: ProjectOptions
    var runner: String?
    var backend: String?
    var check: Bool
    var flags: ProvisionFlags
    var services: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        runner = try RunnerFlag.value(arguments)
        backend = arguments.string("backend")
        check = arguments.flag("check")
        flags = try ProvisionFlags(arguments)
        services = arguments.positionals
    }

    func run() async throws {
        let printer = ProvisionProgressPrinter(mode: flags.progress, environment: Terminal.environment)
        // Whatever ends the run (an error thrown on the way included), the cursor is shown last.
        defer { printer.restoreCursor() }
        var options = flags.options(backend: backend)
        options.checkOnly = check
        let operation = ProvisionOperation(
            load: project.loadOptions(services: services), runner: runner, options: options)
        let (outcome, signal) = try await Interruption.run(cleanUp: printer.restoreCursor) {
            try await operation.run(in: .process(), events: printer.handle)
        }
        try printer.conclude(
            outcome, signal: signal,
            consequence: check ? "the runner's configuration differs from the project's (provision --check)" : nil)
    }
}
