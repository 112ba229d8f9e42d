/// `--help` text: overview, usage, arguments and options, wrapped to 100 columns.
enum HelpText {
    static let width = 100

    static func command<C: Command>(_ command: C.Type) -> String {
        var lines = ["OVERVIEW: \(C.abstract)", ""]
        if !C.discussion.isEmpty { lines += wrap(C.discussion, indent: 0) + [""] }
        let positional = C.arguments.first { if case .positional = $0.kind { true } else { false } }
        var usage = "USAGE: modelbind \(C.name)"
        if C.arguments.contains(where: { !$0.names.isEmpty }) { usage += " [<options>]" }
        if let positional, case .positional(let name) = positional.kind { usage += " [<\(name)> ...]" }
        lines += [usage, ""]
        if let positional, case .positional(let name) = positional.kind {
            lines += ["ARGUMENTS:"] + row("<\(name)>", positional.help) + [""]
        }
        lines.append("OPTIONS:")
        for spec in C.arguments where !spec.names.isEmpty {
            var left = spec.names.joined(separator: ", ")
            if case .option(let valueName, _) = spec.kind { left += " <\(valueName)>" }
            let choices = spec.choices.isEmpty ? "" : " (values: \(spec.choices.joined(separator: ", ")))"
            lines += row(left, spec.help + choices)
        }
        lines += row("-h, --help", "Show help information.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func root(abstract: String, discussion: String, commands: [any Command.Type]) -> String {
        var lines =
            ["OVERVIEW: \(abstract)", ""] + wrap(discussion, indent: 0) + [
                "", "USAGE: modelbind [<project options>] <command>", "",
            ]
        lines.append("COMMANDS:")
        for command in commands where command.isListed { lines += row(command.name, command.abstract) }
        lines += row("help <command>", "Show a command's help.")
        lines += ["", "OPTIONS:"] + row("--version", "Show the version.") + row("-h, --help", "Show help information.")
        lines += ["", "  See 'modelbind help <command>' for a command's options."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `left` in a column of 26, `text` wrapped beside it.
    private static func row(_ left: String, _ text: String) -> [String] {
        let column = 28
        let wrapped = wrap(text, indent: column)
        let first = "  " + left
        if first.count + 2 <= column, let head = wrapped.first {
            return [first + String(repeating: " ", count: column - first.count) + head.dropFirst(column)]
                + wrapped.dropFirst()
        }
        return [first] + wrapped
    }

    /// `text` wrapped at ``width`` with `indent` spaces before each line.
    static func wrap(_ text: String, indent: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty, indent + line.count + 1 + word.count > width {
                lines.append(String(repeating: " ", count: indent) + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(String(repeating: " ", count: indent) + line) }
        return lines
    }
}
