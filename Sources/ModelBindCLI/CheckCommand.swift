import ModelBind

extension CheckOperation.Kind: ArgumentValue {}

/// `modelbind check [SERVICE...]`: one real request per binding through the URL a process is given.
struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Send one real request per binding through its *_URL with its *_MODEL, as a process would."
    static let discussion = """
        Proves the variables work: for each binding of the active services (or those named), a \
        chat/completions request with max_tokens 1 (chat models) or an embeddings request (embedding \
        models) to the URL processes on this machine are given (the host target; --endpoint to choose), \
        with the model name exactly as injected. A model is an embedding model when the runner's stored \
        configuration says so, else when the binding (or the model) has `x-modelbind-kind: embedding`, \
        else as --kind says; else chat. Reports the latency and the first bytes of each answer, and what \
        each failure means. Over a runner's unix socket, the requests go over the socket. Exit status: 0 \
        every binding answered, 1 any did not.
        """
    static let arguments =
        ProjectOptions.arguments + [
            .option(
                "platform", choices: EndpointOptions.Platform.choices,
                help: "desktop or engine (default: desktop when the Docker Desktop socket exists, else engine)."),
            .option(
                "api-path", choices: EndpointOptions.APIPath.choices,
                help: "engines (/engines/v1/) or v1 (/v1/, what current Compose injects)."),
            .option("backend", value: "name", help: "Backend for the path /engines/<backend>/v1/ (e.g. llama.cpp)."),
            .option("endpoint", value: "url", help: "Send the requests to this base URL instead."),
            RunnerFlag.argument,
            .option(
                "kind", choices: CheckOperation.Kind.choices,
                help: "chat or embedding, for bindings neither the runner nor x-modelbind-kind decides."),
            .option("timeout", value: "duration", help: "Per request: 60s (default), 500ms, 2m, or seconds."),
            ReportFormat.argument,
            .positional("services", help: "Services whose bindings to check (default: every active bound service)."),
        ]

    var project: ProjectOptions
    var selection: EndpointSelection
    var kind: CheckOperation.Kind?
    var timeout: Duration
    var format: ReportFormat
    var services: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        selection = EndpointSelection(
            target: .host, platform: try arguments.value("platform"),
            apiPath: try arguments.value("api-path", default: .engines), backend: arguments.string("backend"),
            endpoint: arguments.string("endpoint"), runner: try RunnerFlag.value(arguments))
        kind = try arguments.value("kind")
        timeout = try arguments.value("timeout", default: DurationArgument(.seconds(60))).duration
        format = try arguments.value("format", default: .text)
        services = arguments.positionals
    }

    func run() async throws {
        let (outcome, warnings) = try await CheckOperation(
            load: project.loadOptions(), endpoint: selection, services: services, kind: kind, timeout: timeout
        ).run(in: .process())
        Console.diagnostics(warnings)
        Console.notes(outcome.notes)
        switch format {
        case .json: Terminal.writeStandardOutput(try JSONOutput.encode(outcome, snakeCaseKeys: true))
        case .text: Terminal.writeStandardOutput(Self.render(outcome))
        }
        if !outcome.succeeded { throw ExitCode(1) }
    }

    static func render(_ outcome: CheckOperation.Outcome) -> String {
        guard !outcome.results.isEmpty else { return "no bindings to check\n" }
        var lines: [String] = []
        for result in outcome.results {
            let head =
                "\(result.ok ? "ok  " : "FAIL") \(result.service) \(result.key) (\(result.kind.rawValue)): "
                + "\(result.request) model \(result.model)"
            let status = result.status.map { "HTTP \($0)" } ?? "no answer"
            lines.append(head)
            lines.append(
                "     \(status) in \(result.latencyMilliseconds) ms"
                    + (result.firstBytes.isEmpty ? "" : ": \(result.firstBytes)"))
            if let problem = result.problem { lines.append("     " + problem) }
        }
        let failed = outcome.results.filter { !$0.ok }.count
        lines.append(
            failed == 0
                ? "\(outcome.results.count) binding(s) answered"
                : "\(failed) of \(outcome.results.count) binding(s) failed")
        return lines.joined(separator: "\n") + "\n"
    }
}
