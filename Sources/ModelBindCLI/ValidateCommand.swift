import ModelBind

extension ValidationFormat: ArgumentValue {}

struct ValidateCommand: Command {
    static let name = "validate"
    static let abstract = "Check the project's models and bindings; report every finding at file:line:column."
    static let discussion = """
        Reports YAML, interpolation, schema and consistency errors (what Compose refuses) together with \
        modelbind's rules (docs/rules.md): undefined and unused models, variable names and collisions, \
        model references, runtime flags against the runner's allowlist for --backend (default \
        llama.cpp), and, with --platform engine --target container, missing extra_hosts entries. Exit \
        status: 0 without errors, 1 with errors (or with warnings under --strict), 64 for usage errors.
        """
    static let arguments =
        ProjectOptions.arguments + EndpointFlags.arguments + [
            .option(
                "format", choices: ValidationFormat.choices,
                help: "Output format: human, json, sarif or github (workflow-command annotations)."),
            .flag("strict", help: "Fail (exit 1) on warnings too."),
            .option("output", short: "o", value: "file", help: "Write the report to this file (atomically)."),
            .positional(
                "services", help: "Services to validate as active (default: every service the profiles enable)."),
        ]

    var project: ProjectOptions
    var endpointFlags: EndpointFlags
    var format: ValidationFormat
    var strict: Bool
    var output: String?
    var services: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        endpointFlags = try EndpointFlags(arguments)
        format = try arguments.value("format", default: .human)
        strict = arguments.flag("strict")
        output = arguments.string("output")
        services = arguments.positionals
    }

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
