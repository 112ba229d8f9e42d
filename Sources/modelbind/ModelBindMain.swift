import ModelBindCLI

/// Entry point: everything else lives in the ModelBindCLI library.
@main
struct ModelBindMain {
    static func main() async {
        await ModelBindCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
    }
}
