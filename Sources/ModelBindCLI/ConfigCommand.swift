import ModelBind

extension ConfigOperation.Format: ArgumentValue {}

struct ConfigCommand: Command {
    static let name = "config"
    static let abstract = "Print the loaded project (merged, interpolated) as Compose would see it."
    static let discussion = """
        Fails where `docker compose config` fails. --format yaml prints the project (every `$` written \
        `$$`, as Compose writes it); json prints the models and bindings with the variable names \
        resolved. Use `modelbind validate` for every finer check.
        """
    static let arguments =
        ProjectOptions.arguments + [
            .option(
                "format", choices: ["yaml", "json"],
                help: "Output format: yaml (the project) or json (models and bindings)."),
            .flag("models", help: "Print only the model references, one per line."),
            .positional("services", help: "Services to select (default: all active services)."),
        ]

    var project: ProjectOptions
    var format: ConfigOperation.Format
    var services: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        format = arguments.flag("models") ? .models : try arguments.value("format", default: .yaml)
        services = arguments.positionals
    }

    func run() async throws {
        let outcome = try ConfigOperation(load: project.loadOptions(services: services), format: format)
            .run(in: .process())
        Console.diagnostics(outcome.warnings)
        Terminal.writeStandardOutput(outcome.text)
    }
}
