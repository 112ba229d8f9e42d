import ArgumentParser
import ModelBind

/// `modelbind up`: the whole pre-compose step — validate, provision, write the bindings, and say
/// what to run next.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Validate, pull and configure the models, then write the variables Compose would inject.",
        discussion: """
            Errors from validation stop before anything is pulled; warnings are printed. After \
            provisioning succeeds, writes one env file per bound service into --env-dir (default: \
            .modelbind in the project directory, created if missing) and, with --wrap FILE, a compose \
            file with the variables injected and `models:` removed. Nothing is written when \
            provisioning fails. Ends with the command to run next.
            """
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var endpointFlags: EndpointFlags
    @OptionGroup var provisionFlags: ProvisionFlags

    @Option(name: .customLong("env-dir"), help: "Directory for <service>.env files (default: <project>/.modelbind).")
    var envDirectory: String?

    @Flag(name: .customLong("no-env-files"), help: "Do not write env files.")
    var noEnvFiles = false

    @Option(help: "Also write a wrapped compose file (variables injected, models removed) here.")
    var wrap: String?

    @Option(name: .customLong("wrap-mode"), help: "full (the whole project) or override (only the additions).")
    var wrapMode: ComposeWrapper.Mode = .full

    @Flag(help: "Treat validation warnings as errors.")
    var strict = false

    @Argument(help: "Services to bring up (default: every active service).")
    var services: [String] = []

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
