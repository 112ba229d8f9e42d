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
        version: "0.1.0",
        subcommands: [
            ConfigCommand.self,
            ValidateCommand.self,
            ProvisionCommand.self,
            EnvCommand.self,
            WrapCommand.self,
            UpCommand.self,
        ]
    )

    public init() {}
}
