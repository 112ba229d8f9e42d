import ArgumentParser

/// The root `modelbind` command.
public struct ModelBindCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "modelbind",
        abstract: "Bind Docker Compose `models:` to a Docker Model Runner.",
        discussion: """
            Reads compose files with Compose's own semantics, provisions the models they declare \
            through the runner's HTTP API, and writes the *_URL / *_MODEL variables Compose would inject.
            """,
        version: ModelBindCommand.version,
        subcommands: [
            ConfigCommand.self,
            ValidateCommand.self,
            ProvisionCommand.self,
            EnvCommand.self,
            WrapCommand.self,
            UpCommand.self,
            PluginMetadataCommand.self,
        ]
    )

    /// The version printed by `--version` and in the Docker plugin metadata.
    public static let version = "0.1.0"

    public init() {}

    /// Runs the command line; as a Docker CLI plugin the Docker CLI passes the plugin name
    /// (`modelbind`) as the first argument, which is dropped.
    public static func main(arguments: [String]) async {
        var arguments = arguments
        if arguments.first == "modelbind" { arguments.removeFirst() }
        await main(arguments)
    }
}
