import ArgumentParser
import ModelBind

extension ValidationFormat: ExpressibleByArgument {}

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the project's models and bindings; report every finding at file:line:column.",
        discussion: """
            Reports YAML, interpolation and schema errors together with modelbind's rules (docs/rules.md): \
            undefined and unused models, variable names and collisions, model references, runtime flags \
            against the runner's allowlist for --backend (default llama.cpp), and, with --platform engine \
            --target container, missing extra_hosts entries. Exit status: 0 without errors, 1 with errors \
            (or with warnings under --strict), 64 for usage errors.
            """
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var endpointFlags: EndpointFlags

    @Option(help: "Output format: human, json, sarif or github (workflow-command annotations).")
    var format: ValidationFormat = .human

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Option(
        name: [.short, .customLong("output")],
        help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Argument(help: "Services to validate as active (default: every service the profiles enable).")
    var services: [String] = []

    func run() async throws {
        // The platform rule (MB601) needs to know where containers run; only an explicit
        // --platform says so (the machine validate runs on, e.g. CI, is not the deployment target).
        let endpoint = endpointFlags.platform == nil ? nil : endpointFlags.options(announce: false)
        let options = ValidationOptions(backend: endpointFlags.backend ?? "llama.cpp", endpoint: endpoint)
        let report = ValidationRun.run(
            loader: ProjectLoader(),
            load: project.loadOptions(services: services),
            options: options
        )
        let color = output == nil && format == .human && Terminal.colorEnabled(fileDescriptor: 1)
        let text = try CLIErrors.reporting {
            try format.render(report, color: color, toolVersion: ModelBindCommand.version)
        }
        if let output {
            try CLIErrors.reporting { try AtomicFileWriter.write(text, to: output) }
        } else {
            Terminal.writeStandardOutput(text)
        }
        if !report.passes(strict: strict) {
            throw ExitCode(1)
        }
    }
}
