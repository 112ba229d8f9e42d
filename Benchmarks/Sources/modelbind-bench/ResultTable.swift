import Foundation

/// The benchmark's output: one row per measure, rendered as a Markdown table.
struct ResultTable {
    struct Row {
        var workload: String
        var measure: String
        var ours: String
        var baseline: String
        var ratio: String
        var target: String
        /// `nil` when the row has no target (reported for scale only).
        var met: Bool?
    }

    var rows: [Row] = []

    mutating func add(
        _ workload: String, _ measure: String, ours: String, baseline: String, ratio: String, target: String, met: Bool?
    ) {
        rows.append(
            Row(
                workload: workload, measure: measure, ours: ours, baseline: baseline, ratio: ratio, target: target,
                met: met))
        let last = rows[rows.count - 1]
        FileHandle.standardError.write(
            Data("  \(last.workload) · \(last.measure): \(last.ours) vs \(last.baseline) → \(last.ratio)\n".utf8))
    }

    var markdown: String {
        var lines = [
            "| workload | measure | ours | baseline | ratio | target | met? |",
            "|---|---|---:|---:|---:|---|---|",
        ]
        for row in rows {
            let met = row.met.map { $0 ? "yes" : "**no**" } ?? "—"
            lines.append(
                "| \(row.workload) | \(row.measure) | \(row.ours) | \(row.baseline) | \(row.ratio) | \(row.target) | \(met) |"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `seconds` as ms (or µs below a millisecond), three significant digits.
    static func time(_ seconds: Double) -> String {
        if seconds < 0.001 { return String(format: "%.1f µs", seconds * 1e6) }
        if seconds < 10 { return String(format: "%.*f ms", seconds < 0.01 ? 2 : seconds < 0.1 ? 1 : 0, seconds * 1e3) }
        return String(format: "%.2f s", seconds)
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    static func ratio(_ value: Double) -> String {
        String(format: value < 10 ? "%.2f×" : "%.0f×", value)
    }
}
