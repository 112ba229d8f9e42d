import ModelBind

/// `modelbind up`: the whole pre-compose step — validate, provision, write the bindings, and say
/// what to run next.
struct UpCommand: Command {
    static let name = "up"
    static let abstract = "Validate, pull and configure the models, then write the variables Compose would inject."
    static let discussion = """
        Errors from validation stop before anything is pulled; warnings are printed. After provisioning \
        succeeds, writes one env file per bound service into --env-dir (default: .modelbind in the project \
        directory, created if missing) and, with --wrap FILE, a compose file with the variables injected \
        and `models:` removed. Nothing is written when provisioning fails. Ends with the command to run next.
        """
    static let arguments =
        ProjectOptions.arguments + EndpointFlags.arguments + ProvisionFlags.arguments + [
            .option(
                "env-dir", value: "dir", help: "Directory for <service>.env files (default: <project>/.modelbind)."),
            .flag("no-env-files", help: "Do not write env files."),
            .option(
                "wrap", value: "file",
                help: "Also write a wrapped compose file (variables injected, models removed) here."),
            .option(
                "wrap-mode", value: "mode", choices: ComposeWrapper.Mode.choices,
                help: "full (the whole project) or override (only the additions)."),
            .flag("strict", help: "Treat validation warnings as errors."),
            .positional("services", help: "Services to bring up (default: every active service)."),
        ]

    var project: ProjectOptions
    var endpointFlags: EndpointFlags
    var provisionFlags: ProvisionFlags
    var envDirectory: String?
    var noEnvFiles: Bool
    var wrap: String?
    var wrapMode: ComposeWrapper.Mode
    var strict: Bool
    var services: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        endpointFlags = try EndpointFlags(arguments)
        provisionFlags = try ProvisionFlags(arguments)
        envDirectory = arguments.string("env-dir")
        noEnvFiles = arguments.flag("no-env-files")
        wrap = arguments.string("wrap")
        wrapMode = try arguments.value("wrap-mode", default: .full)
        strict = arguments.flag("strict")
        services = arguments.positionals
    }

    func run() async throws {
        let printer = ProvisionProgressPrinter(mode: provisionFlags.progress, environment: Terminal.environment)
        let operation = UpOperation(
            load: project.loadOptions(services: services), endpoint: endpointFlags.selection,
            checksPlatform: endpointFlags.platform != nil, backend: endpointFlags.backend,
            provision: provisionFlags.options(backend: endpointFlags.backend), envDirectory: envDirectory,
            writesEnvFiles: !noEnvFiles, wrap: wrap, wrapMode: wrapMode, strict: strict)
        let (outcome, signal) = try await Interruption.run(cleanUp: printer.restoreCursor) {
            try await operation.run(in: .process(), events: printer.handle)
        }
        try printer.conclude(outcome.provision, signal: signal, failure: "provisioning failed; no files were written")
        printer.say(outcome.wouldWrite.map { "would write \($0)" } + outcome.written.map { "wrote \($0)" })
        printer.nextSteps(outcome.nextSteps)
    }
}
