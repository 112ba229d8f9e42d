/// Answers the Docker CLI's plugin handshake so that, installed as
/// `~/.docker/cli-plugins/docker-modelbind`, modelbind runs as `docker modelbind …`.
struct PluginMetadataCommand: Command {
    static let name = "docker-cli-plugin-metadata"
    static let abstract = "Print the Docker CLI plugin metadata."
    static let discussion = ""
    static let arguments: [ArgumentSpec] = []
    static let isListed = false

    /// The metadata JSON the Docker CLI reads (SchemaVersion 0.1.0).
    static let metadata = """
        {"SchemaVersion":"0.1.0","Vendor":"modelbind","Version":"\(ModelBindCommand.version)",\
        "ShortDescription":"Bind Compose models to Docker Model Runner"}

        """

    init(_ arguments: ParsedArguments) {}

    func run() throws {
        Terminal.writeStandardOutput(Self.metadata)
    }
}
