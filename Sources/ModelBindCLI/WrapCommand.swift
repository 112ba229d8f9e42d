import ArgumentParser
import ModelBind

extension ComposeWrapper.Mode: ExpressibleByArgument {}

struct WrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wrap",
        abstract: "Write a compose file with the model variables injected and `models:` removed.",
        discussion: """
            For Compose before 2.38, podman-compose, or anything else that ignores `models:`. Values \
            modelbind does not change are written as the files have them (`${API_KEY}` stays), so no \
            secret from .env lands in the output. --mode full writes the whole project; --mode \
            override writes only the additions, for `docker compose -f compose.yaml -f <output>`.
            """
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var endpointFlags: EndpointFlags

    @Option(name: [.short, .customLong("output")], help: "Write to this file (atomically) instead of stdout.")
    var output: String?

    @Option(help: "full (the whole project) or override (only the additions).")
    var mode: ComposeWrapper.Mode = .full

    @Argument(help: "Services to write (default: every service).")
    var services: [String] = []

    func run() async throws {
        let operation = WrapOperation(
            load: project.loadOptions(services: services), endpoint: endpointFlags.selection, mode: mode,
            output: output)
        let outcome = try operation.run(in: .process())
        Console.diagnostics(outcome.warnings)
        Console.notes(outcome.notes)
        if let written = outcome.written {
            Console.say(["wrote \(written)"])
        } else {
            Terminal.writeStandardOutput(outcome.text)
        }
    }
}
