import ModelBind

/// `modelbind models ls|rm [KEY...]`: the project's models on the runner, and removing them.
struct ModelsCommand: Command {
    static let name = "models"
    static let abstract = "List (ls) or remove (rm) the project's models on the runner, not the whole store."
    static let discussion = """
        `models ls [KEY...]` shows each of the project's models (those an active service uses, or the \
        keys named) as the runner stores it: present or absent, ID, size, and the other references that \
        share it. `models rm [KEY...]` removes them: the project's tag is removed, so a model other \
        references share is only untagged (and stays), and the output says so; a model already gone is \
        no error. --dry-run says what would go. Exit status: 0 success, 1 a removal failed or the runner \
        cannot be reached, 64 usage error.
        """
    static let arguments =
        ProjectOptions.arguments + [
            RunnerFlag.argument,
            .flag("dry-run", help: "With rm: only say what would be removed."),
            ReportFormat.argument,
            .positional("action", help: "ls or rm, then the model keys to act on (default: every active model)."),
        ]

    var project: ProjectOptions
    var runner: String?
    var dryRun: Bool
    var format: ReportFormat
    var action: ModelsOperation.Action
    var keys: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        project = ProjectOptions(arguments)
        runner = try RunnerFlag.value(arguments)
        dryRun = arguments.flag("dry-run")
        format = try arguments.value("format", default: .text)
        guard let first = arguments.positionals.first else {
            throw UsageError("say what to do: `models ls` or `models rm [KEY...]`", command: Self.name)
        }
        switch first {
        case "ls", "list": action = .list
        case "rm", "remove": action = .remove
        default:
            throw UsageError("unknown models action '\(first)'; use ls or rm", command: Self.name)
        }
        keys = Array(arguments.positionals.dropFirst())
        if dryRun, action == .list { throw UsageError("--dry-run goes with `models rm`", command: Self.name) }
    }

    func run() async throws {
        let outcome = try await ModelsOperation(
            action: action, load: project.loadOptions(), runner: runner, keys: keys, dryRun: dryRun
        ).run(in: .process())
        switch format {
        case .json: Terminal.writeStandardOutput(try JSONOutput.encode(outcome, snakeCaseKeys: true))
        case .text: Terminal.writeStandardOutput(Self.render(outcome))
        }
        if !outcome.succeeded { throw ExitCode(1) }
    }

    static func render(_ outcome: ModelsOperation.Outcome) -> String {
        var lines: [String] = []
        if outcome.models.isEmpty { lines.append("no models in the project") }
        switch outcome.action {
        case .list:
            lines += ReportText.table(
                outcome.models.map { entry in
                    [
                        entry.key, entry.model, entry.result == .present ? "present" : "absent",
                        entry.id.map { String($0.dropFirst("sha256:".count).prefix(12)) } ?? "", entry.size ?? "",
                        entry.otherTags.isEmpty ? "" : "also " + entry.otherTags.joined(separator: ", "),
                    ]
                }, indent: "")
        case .remove:
            let would = outcome.dryRun ? "would be " : ""
            for entry in outcome.models {
                let subject = "\(entry.key) (\(entry.model))"
                switch entry.result {
                case .deleted:
                    lines.append(
                        "\(subject): \(would)deleted (\(entry.tag ?? entry.model), \(entry.size ?? "size unknown"))")
                case .untagged:
                    let others = entry.otherTags.isEmpty ? "other references" : entry.otherTags.joined(separator: ", ")
                    lines.append(
                        "\(subject): \(would)untagged \(entry.tag ?? entry.model); the model stays, also tagged \(others)"
                    )
                case .alreadyGone: lines.append("\(subject): already gone")
                case .absent, .present: lines.append("\(subject): not on the runner, nothing to remove")
                case .failed: lines.append("\(subject): failed: \(entry.message ?? "unknown error")")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
