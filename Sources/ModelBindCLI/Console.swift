import ModelBind

/// What commands print besides their output: findings, notes and errors, on standard error.
enum Console {
    /// Findings in the human format (with source lines and carets).
    static func diagnostics(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        let formatter = HumanDiagnosticFormatter(color: Terminal.colorEnabled(fileDescriptor: 2))
        Terminal.writeStandardError(formatter.render(diagnostics, summary: false))
    }

    /// `modelbind: note: …` lines.
    static func notes(_ notes: [String]) {
        for note in notes { Terminal.writeStandardError("modelbind: note: \(note)\n") }
    }

    /// `modelbind: <line>` lines (what was written, what is up to date).
    static func say(_ lines: [String]) {
        for line in lines { Terminal.writeStandardError("modelbind: \(line)\n") }
    }

    /// The one form every failure reaches the user in: `modelbind: error: …`.
    static func error(_ message: String) {
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            Terminal.writeStandardError("modelbind: error: \(line)\n")
        }
    }
}
