import ModelBind

extension ComposeWrapper.Mode: ArgumentValue {}

struct WrapCommand: Command {
    static let name = "wrap"
    static let abstract = "Write a compose file with the model variables injected and `models:` removed."
    static let discussion = """
        For Compose before 2.38, podman-compose, or anything else that ignores `models:`. Values \
        modelbind does not change are written as the files have them (`${API_KEY}` stays), so no secret \
        from .env lands in the output. --mode full writes the whole project; --mode override writes only \
        the additions, for `docker compose -f compose.yaml -f <output>`.
        """
    static let arguments =
        ProjectOptions.arguments + EndpointFlags.arguments + [
            .option("output", short: "o", value: "file", help: "Write to this file (atomically) instead of stdout."),
            .option(
                "mode", choices: ComposeWrapper.Mode.choices,
                help: "full (the whole project) or override (only the additions)."),
            .positional("services", help: "Services to write (default: every service)."),
        ]

    var project: ProjectOptions
    var endpointFlags: EndpointFlags
    var output: String?
    var mode: ComposeWrapper.Mode
    var services: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        endpointFlags = try EndpointFlags(arguments)
        output = arguments.string("output")
        mode = try arguments.value("mode", default: .full)
        services = arguments.positionals
    }

    func run() async throws {
        let operation = WrapOperation(
            load: project.loadOptions(services: services), endpoint: endpointFlags.selection, mode: mode, output: output
        )
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
