import ArgumentParser
import ModelBind

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the loaded project (merged, interpolated) as Compose would see it.",
        discussion: """
            Fails where `docker compose config` fails: YAML errors, interpolation errors, schema types \
            and undefined model references. Use `modelbind validate` for every finer check.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case yaml
        case json
    }

    @OptionGroup var project: ProjectOptions

    @Option(help: "Output format: yaml (the project) or json (models and bindings).")
    var format: Format = .yaml

    @Flag(help: "Print only the model references, one per line.")
    var models = false

    @Argument(help: "Services to select (default: all active services).")
    var services: [String] = []

    func run() async throws {
        let loaded = try project.loadProject(services: services)
        if models {
            Terminal.writeStandardOutput(loaded.activeModels.map { $0.model + "\n" }.joined())
            return
        }
        switch format {
        case .json:
            Terminal.writeStandardOutput(try ProjectConfiguration(loaded).json())
        case .yaml:
            Terminal.writeStandardOutput(try ComposeDocumentWriter.configuration(of: loaded))
        }
    }
}
