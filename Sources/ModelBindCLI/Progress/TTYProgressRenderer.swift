/// Draws a ``ProgressBoard`` as one line per model: name, bar, bytes done/total, rate, ETA. Pure.
struct TTYProgressRenderer: Sendable {
    /// Terminal columns; every line is cut to fit (wrapped lines would break the cursor arithmetic).
    var width: Int
    var color: Bool
    var barWidth = 20

    /// The lines for the board at `now`, without escape codes for cursor movement.
    func lines(_ board: ProgressBoard, now: ContinuousClock.Instant) -> [String] {
        let nameWidth = min(24, board.rows.map(\.key.count).max() ?? 0)
        return board.rows.map { row in
            let name = ProgressFormat.pad(ProgressFormat.cut(row.key, to: nameWidth), to: nameWidth)
            let text = ProgressFormat.cut(name + "  " + status(row, now: now), to: max(1, width - 1))
            return paint(text, row.phase)
        }
    }

    /// Everything to write to move up over the previous frame, rewrite it, and clear leftovers.
    func frame(_ lines: [String], previousLineCount: Int) -> String {
        var out = previousLineCount > 0 ? "\u{1B}[\(previousLineCount)A" : ""
        for line in lines { out += "\r" + line + "\u{1B}[K\n" }
        if previousLineCount > lines.count {
            for _ in lines.count..<previousLineCount { out += "\r\u{1B}[K\n" }
            out += "\u{1B}[\(previousLineCount - lines.count)A"
        }
        return out
    }

    func status(_ row: ProgressBoard.Row, now: ContinuousClock.Instant) -> String {
        switch row.phase {
        case .waiting: return "waiting"
        case .checking: return "checking " + row.model
        case .present: return "present  " + row.model
        case .missing: return "missing  " + row.model
        case .pulled(let message):
            return "pulled   " + row.model + " (" + (row.total > 0 ? ProgressFormat.bytes(row.total) : message) + ")"
        case .configuring: return "configuring " + row.model
        case .configured: return "configured " + row.model
        case .retrying(let text): return text + "  " + row.model
        case .failed(let message): return "failed   " + row.model + ": " + firstLine(message)
        case .pulling: return pulling(row, now: now)
        }
    }

    private func pulling(_ row: ProgressBoard.Row, now: ContinuousClock.Instant) -> String {
        let fraction = row.total > 0 ? min(1, Double(row.done) / Double(row.total)) : 0
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: barWidth - filled) + "]"
        var text = bar + " " + ProgressFormat.bytes(row.done)
        if row.total > 0 { text += " / " + ProgressFormat.bytes(row.total) }
        if let started = row.pullStartedAt {
            let elapsed = now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if seconds > 0.2, row.done > 0 {
                let rate = Double(row.done) / seconds
                text += "  " + ProgressFormat.bytes(UInt64(rate)) + "/s"
                if row.total > row.done {
                    text += "  ETA " + ProgressFormat.seconds(Double(row.total - row.done) / rate)
                }
            }
        }
        return text
    }

    private func paint(_ text: String, _ phase: ProgressBoard.Phase) -> String {
        guard color else { return text }
        switch phase {
        case .failed: return "\u{1B}[31m" + text + "\u{1B}[0m"
        case .present, .pulled, .configured: return "\u{1B}[32m" + text + "\u{1B}[0m"
        case .retrying: return "\u{1B}[33m" + text + "\u{1B}[0m"
        default: return text
        }
    }

    private func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
}
