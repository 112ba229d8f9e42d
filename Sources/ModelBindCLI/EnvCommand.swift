import ModelBind

extension EnvironmentFormat: ArgumentValue {}

struct EnvCommand: Command {
    static let name = "env"
    static let abstract = "Write the *_URL / *_MODEL variables Compose would inject into each bound service."
    static let discussion = """
        With no --output, prints one service's variables (or every service's with --format json). With \
        --output DIR (created if missing), writes <service>.env (dotenv), .json, .sh or .github.env for \
        every bound service, atomically. --check writes nothing: it prints a unified diff of what would \
        change and exits 1 when the files differ.
        """
    static let arguments =
        ProjectOptions.arguments + EndpointFlags.arguments + [
            .option(
                "format", choices: EnvironmentFormat.choices,
                help: "dotenv, json, github ($GITHUB_ENV lines) or shell (export lines)."),
            .option("output", short: "o", value: "dir", help: "Write one file per bound service into this directory."),
            .flag("check", help: "With --output: write nothing; show what would change and exit 1 when it would."),
            .positional("services", help: "Services to write (default: every active service with bindings)."),
        ]

    var project: ProjectOptions
    var endpointFlags: EndpointFlags
    var format: EnvironmentFormat
    var output: String?
    var check: Bool
    var services: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        endpointFlags = try EndpointFlags(arguments)
        format = try arguments.value("format", default: .dotenv)
        output = arguments.string("output")
        check = arguments.flag("check")
        services = arguments.positionals
        if check && output == nil { throw UsageError("--check compares files: give --output DIR", command: Self.name) }
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
