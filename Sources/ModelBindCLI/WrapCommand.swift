import ArgumentParser
import ModelBind

extension ComposeWrapper.Mode: ExpressibleByArgument {}

struct WrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wrap",
        abstract: "Write a compose file with the model variables injected and `models:` removed.",
        discussion: """
            For Compose before 2.38, podman-compose, or anything else that ignores `models:`. \
            --mode full writes the whole project; --mode override writes only the additions, for \
            `docker compose -f compose.yaml -f <output>`.
            """
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var endpointFlags: EndpointFlags

    @Option(name: [.short, .customLong("output")], help: "Write to this file (atomically) instead of stdout.")
    var output: String?

    @Option(help: "full (the whole project) or override (only the additions).")
    var mode: ComposeWrapper.Mode = .full

    func run() async throws {
        let loaded = try project.loadProject()
        try CLIErrors.reporting {
            let text = try WrapCommand.render(loaded, endpoint: endpointFlags.options(), mode: mode)
            if let output {
                try AtomicFileWriter.write(text, to: output)
                Terminal.writeStandardError("wrote \(output)\n")
            } else {
                Terminal.writeStandardOutput(text)
            }
        }
    }

    /// The wrapped file's text for `project`.
    static func render(_ project: ComposeProject, endpoint: EndpointOptions, mode: ComposeWrapper.Mode) throws -> String
    {
        let environment = try BindingEnvironment(project: project, url: try endpoint.url(), includeInactive: true)
        let wrapper = ComposeWrapper(mode: mode, addHostGateway: endpoint.needsHostGateway)
        return try wrapper.yaml(for: project, environment: environment)
    }
}
