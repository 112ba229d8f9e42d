import ModelBind

/// The table printed after a run: each model, what happened, size, time. Pure.
enum ProvisionSummaryTable {
    static func lines(_ report: ProvisionReport, color: Bool) -> [String] {
        guard !report.entries.isEmpty else { return [] }
        let header = ["MODEL", "REFERENCE", "RESULT", "SIZE", "TIME"]
        let rows = report.entries.map { entry -> [String] in
            [
                entry.key, entry.model, result(entry, dryRun: report.dryRun), size(entry),
                ProgressFormat.duration(entry.duration),
            ]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func format(_ cells: [String]) -> String {
            var line = ""
            for (index, cell) in cells.enumerated() {
                line += index == cells.count - 1 ? cell : ProgressFormat.pad(cell, to: widths[index]) + "  "
            }
            return line
        }
        var out = [format(header)]
        for (entry, row) in zip(report.entries, rows) {
            let line = format(row)
            out.append(color ? paint(line, entry.outcome) : line)
        }
        return out
    }

    static func result(_ entry: ProvisionReport.Entry, dryRun: Bool) -> String {
        switch entry.outcome {
        case .present:
            return dryRun && entry.message != "nothing to do" ? "present, " + (entry.message ?? "") : "present"
        case .pulled: return "pulled"
        case .configured: return entry.pulled ? "pulled, configured" : "configured"
        case .verified: return entry.configured ? "as configured" : "nothing to check"
        case .missing: return "missing, " + (entry.message ?? "would pull")
        case .failed: return "failed"
        case .cancelled: return "cancelled"
        }
    }

    private static func size(_ entry: ProvisionReport.Entry) -> String {
        // The runner's own figure (GET /models/{ref}) first, so a pulled, cached and present model
        // show the same size; the pull's byte count only when the runner's was not to be had.
        if let text = entry.sizeText { return text }
        return entry.bytes > 0 ? ProgressFormat.bytes(entry.bytes) : "-"
    }

    private static func paint(_ line: String, _ outcome: ProvisionReport.Outcome) -> String {
        switch outcome {
        case .failed, .cancelled: return "\u{1B}[31m" + line + "\u{1B}[0m"
        case .missing: return "\u{1B}[33m" + line + "\u{1B}[0m"
        default: return "\u{1B}[32m" + line + "\u{1B}[0m"
        }
    }
}
