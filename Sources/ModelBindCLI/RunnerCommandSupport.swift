import ModelBind

/// `--format text|json` of the runner commands.
enum ReportFormat: String, CaseIterable, ArgumentValue {
    case text
    case json

    static let argument = ArgumentSpec.option(
        "format", choices: ReportFormat.choices, help: "Output format: text, or json (for scripts and CI).")
}

/// A duration on the command line: `60`, `60s`, `500ms`, `2m`.
struct DurationArgument: ArgumentValue, Sendable, Equatable {
    var duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    init?(argument: String) {
        let text = argument.lowercased()
        let (number, scale): (Substring, Double) =
            if text.hasSuffix("ms") {
                (text.dropLast(2), 0.001)
            } else if text.hasSuffix("s") {
                (text.dropLast(), 1)
            } else if text.hasSuffix("m") {
                (text.dropLast(), 60)
            } else {
                (Substring(text), 1)
            }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        duration = .milliseconds(Int64((min(value * scale, 1e9) * 1000).rounded()))
    }

    static var choices: [String] { [] }
}

/// Text helpers shared by the runner commands' reports.
enum ReportText {
    /// `rows` as columns separated by two spaces (the last column unpadded).
    static func table(_ rows: [[String]], indent: String = "  ") -> [String] {
        guard let width = rows.map(\.count).max(), width > 0 else { return [] }
        var widths = Array(repeating: 0, count: width)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            var line = indent
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
