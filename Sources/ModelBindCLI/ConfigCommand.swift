import ArgumentParser
import ModelBind

extension ConfigOperation.Format: ExpressibleByArgument {}

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the loaded project (merged, interpolated) as Compose would see it.",
        discussion: """
            Fails where `docker compose config` fails. --format yaml prints the project (every `$` \
            written `$$`, as Compose writes it); json prints the models and bindings with the variable \
            names resolved. Use `modelbind validate` for every finer check.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "Output format: yaml (the project) or json (models and bindings).")
    var format: ConfigOperation.Format = .yaml

    @Flag(help: "Print only the model references, one per line.")
    var models = false

    @Argument(help: "Services to select (default: all active services).")
    var services: [String] = []

    func run() async throws {
        let operation = ConfigOperation(
            load: project.loadOptions(services: services), format: models ? .models : format)
        let outcome = try operation.run(in: .process())
        Console.diagnostics(outcome.warnings)
        Terminal.writeStandardOutput(outcome.text)
    }
}
