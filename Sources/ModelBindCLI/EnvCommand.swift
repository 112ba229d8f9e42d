import ArgumentParser
import ModelBind

extension EnvironmentFormat: ExpressibleByArgument {}

struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Write the *_URL / *_MODEL variables Compose would inject into each bound service.",
        discussion: """
            With no --output, prints one service's variables (or every service's with --format json). \
            With --output DIR (created if missing), writes <service>.env (dotenv), .json, .sh or \
            .github.env for every bound service, atomically. --check writes nothing: it prints a \
            unified diff of what would change and exits 1 when the files differ.
            """
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var endpointFlags: EndpointFlags

    @Option(help: "dotenv, json, github ($GITHUB_ENV lines) or shell (export lines).")
    var format: EnvironmentFormat = .dotenv

    @Option(name: [.short, .customLong("output")], help: "Write one file per bound service into this directory.")
    var output: String?

    @Flag(help: "With --output: write nothing; show what would change and exit 1 when it would.")
    var check = false

    @Argument(help: "Services to write (default: every active service with bindings).")
    var services: [String] = []

    func validate() throws {
        if check && output == nil { throw ValidationError("--check compares files: give --output DIR") }
    }

    func run() async throws {
        let operation = EnvOperation(
            load: project.loadOptions(), endpoint: endpointFlags.selection, format: format, output: output,
            check: check, services: services)
        let outcome = try operation.run(in: .process())
        Console.diagnostics(outcome.warnings)
        Console.notes(outcome.notes)
        if let text = outcome.text { Terminal.writeStandardOutput(text) }
        Console.say(outcome.written.map { "wrote \($0)" })
        guard check, let output else { return }
        guard outcome.drift.isEmpty else {
            Terminal.writeStandardOutput(outcome.diff.map { $0 + "\n" }.joined())
            Console.say(outcome.drift.map(\.description) + ["run `modelbind env --output \(output)` to update"])
            throw ExitCode(1)
        }
        Console.say(["\(outcome.fileCount) file(s) in \(output) are up to date"])
    }
}
