import ArgumentParser
import ModelBind

extension ValidationFormat: ExpressibleByArgument {}

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the project's models and bindings; report every finding at file:line:column.",
        discussion: """
            Reports YAML, interpolation, schema and consistency errors (what Compose refuses) together \
            with modelbind's rules (docs/rules.md): undefined and unused models, variable names and \
            collisions, model references, runtime flags against the runner's allowlist for --backend \
            (default llama.cpp), and, with --platform engine --target container, missing extra_hosts \
            entries. Exit status: 0 without errors, 1 with errors (or with warnings under --strict), \
            64 for usage errors.
            """
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var endpointFlags: EndpointFlags

    @Option(help: "Output format: human, json, sarif or github (workflow-command annotations).")
    var format: ValidationFormat = .human

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Option(name: [.short, .customLong("output")], help: "Write the report to this file (atomically).")
    var output: String?

    @Argument(help: "Services to validate as active (default: every service the profiles enable).")
    var services: [String] = []

    func run() async throws {
        // Only an explicit --platform says where containers run (MB601).
        let operation = ValidateOperation(
            load: project.loadOptions(services: services), backend: endpointFlags.backend,
            endpoint: endpointFlags.platform == nil ? nil : endpointFlags.selection)
        let report = operation.run(in: .process()).report
        let color = output == nil && format == .human && Terminal.colorEnabled(fileDescriptor: 1)
        let text = try format.render(report, color: color, toolVersion: ModelBindCommand.version)
        if let output {
            try AtomicFileWriter.write(text, to: output)
        } else {
            Terminal.writeStandardOutput(text)
        }
        if !report.passes(strict: strict) { throw ExitCode(1) }
    }
}
