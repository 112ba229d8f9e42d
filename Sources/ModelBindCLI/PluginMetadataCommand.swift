import ArgumentParser

/// Answers the Docker CLI's plugin handshake so that, installed as
/// `~/.docker/cli-plugins/docker-modelbind`, modelbind runs as `docker modelbind …`.
struct PluginMetadataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docker-cli-plugin-metadata",
        abstract: "Print the Docker CLI plugin metadata.",
        shouldDisplay: false
    )

    /// The metadata JSON the Docker CLI reads (SchemaVersion 0.1.0).
    static let metadata = """
        {"SchemaVersion":"0.1.0","Vendor":"modelbind","Version":"\(ModelBindCommand.version)",\
        "ShortDescription":"Bind Compose models to Docker Model Runner"}

        """

    func run() throws {
        Terminal.writeStandardOutput(Self.metadata)
    }
}
