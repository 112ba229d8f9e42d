import ModelBind

/// `modelbind status`: the runner, why it was chosen, whether it answers, and the project's models on it.
struct StatusCommand: Command {
    static let name = "status"
    static let abstract =
        "Show the runner (and why it was chosen), its version and backends, and the project's models on it."
    static let discussion = """
        The runner is --runner URL, else MODEL_RUNNER_HOST (from the environment or .env), else the Docker \
        Desktop socket, else http://localhost:12434. For each model an active service uses: present or \
        absent (matched as the runner normalises names), size, the context size and runtime flags the \
        runner holds against what the compose file asks (drift), and whether it is loaded. Without a \
        compose file, only the runner is shown. Exit status: 0 when the runner answers, 1 when it does not.
        """
    static let arguments =
        ProjectOptions.arguments + [
            RunnerFlag.argument,
            .option(
                "backend", value: "name", help: "Compare the configuration stored for this backend (default llama.cpp)."
            ),
            ReportFormat.argument,
        ]

    var project: ProjectOptions
    var runner: String?
    var backend: String?
    var format: ReportFormat

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        runner = try RunnerFlag.value(arguments)
        backend = arguments.string("backend")
        format = try arguments.value("format", default: .text)
    }

    func run() async throws {
        let outcome = try await StatusOperation(load: project.loadOptions(), runner: runner, backend: backend)
            .run(in: .process())
        switch format {
        case .json: Terminal.writeStandardOutput(try JSONOutput.encode(outcome, snakeCaseKeys: true))
        case .text: Terminal.writeStandardOutput(Self.render(outcome))
        }
        if !outcome.reachable { throw ExitCode(1) }
    }

    static func render(_ status: StatusOperation.Outcome) -> String {
        var lines = [
            "runner:    \(status.runner.runner) (\(status.runner.transport)), chosen by \(status.runner.reason)"
        ]
        guard status.reachable else {
            lines.append("reachable: no")
            lines.append("  " + (status.problem ?? "no answer"))
            return (lines + status.notes.map { "note: " + $0 }).joined(separator: "\n") + "\n"
        }
        lines.append("reachable: yes")
        lines.append("version:   \(status.version ?? "unknown")")
        for warning in status.warnings { lines.append("  warning: " + warning) }
        if !status.backends.isEmpty {
            lines.append("backends:")
            lines += ReportText.table(status.backends.map { [$0.name, $0.state] })
        }
        if let project = status.project {
            lines.append(
                status.models.isEmpty ? "models:    none in project \(project)" : "models (project \(project)):")
            lines += ReportText.table(status.models.map(row))
            for model in status.models {
                for drift in model.drift { lines.append("  drift: \(model.key): \(drift)") }
                let others = model.tags.filter { !ModelReference(model.model).matches($0) }
                if !others.isEmpty {
                    lines.append("  note: \(model.key) is shared with \(others.joined(separator: ", "))")
                }
            }
        }
        lines += status.notes.map { "note: " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ model: StatusOperation.Model) -> [String] {
        guard model.present else { return [model.key, model.model, "absent", "", "", ""] }
        var configuration: [String] = []
        if let context = model.configured?.contextSize ?? model.contextSize {
            configuration.append("context \(context)")
        }
        if let flags = model.configured?.runtimeFlags ?? (model.runtimeFlags.isEmpty ? nil : model.runtimeFlags) {
            configuration.append("flags [\(flags.joined(separator: " "))]")
        }
        if model.configured == nil, model.contextSize != nil || !model.runtimeFlags.isEmpty {
            configuration = ["not configured"]
        }
        let loaded =
            switch model.loaded {
            case .some(true): model.loading ? "loading" : "loaded"
            case .some(false): "not loaded"
            case .none: "loaded: unknown"
            }
        return [
            model.key, model.model, model.drift.isEmpty ? "present" : "present, drift", model.size ?? "",
            configuration.isEmpty ? "default configuration" : configuration.joined(separator: ", "), loaded,
        ]
    }
}
