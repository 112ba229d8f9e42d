/// Draws a ``ProgressBoard`` as a `[+] Pulling 1/3` header and one line per model: name, bar,
/// bytes done/total, rate, ETA. Pure: (board, width, time) → lines.
struct TTYProgressRenderer: Sendable {
    /// Terminal columns; every line is cut to fit (wrapped lines would break the cursor arithmetic).
    var width: Int
    var color: Bool
    var barWidth = 20
    /// The narrowest bar worth drawing; below it the bar is left out.
    static let minimumBarWidth = 5
    /// What a waiting pull says: DMR runs two pulls at once and holds the others.
    static let waitingForSlot = "waiting  (\(ProgressFormat.runnerPullSlots))"

    /// The lines for the board at `now`, without escape codes for cursor movement.
    func lines(_ board: ProgressBoard, now: ContinuousClock.Instant) -> [String] {
        let nameWidth = min(24, board.rows.map(\.key.count).max() ?? 0)
        let room = max(1, width - 1)
        let header = ProgressFormat.cut(board.header(at: now), to: room)
        return [color ? "\u{1B}[1m" + header + "\u{1B}[0m" : header]
            + board.rows.map { row in
                let name = ProgressFormat.pad(ProgressFormat.cut(row.key, to: nameWidth), to: nameWidth) + "  "
                let text = ProgressFormat.cut(
                    name + status(row, finished: board.finished, room: room - name.count, now: now), to: room)
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

    /// A row's text after its name, fitted to `room` columns where it can be.
    func status(_ row: ProgressBoard.Row, finished: Bool, room: Int, now: ContinuousClock.Instant) -> String {
        switch row.phase {
        case .waiting: return "waiting"
        case .checking: return "checking " + row.model
        case .present: return "present  " + row.model
        // Checked and missing, and not yet started: modelbind holds it until a pull slot frees.
        case .missing: return finished ? "missing  " + row.model : "queued   " + row.model
        case .pulled(let message):
            return "pulled   " + row.model + " (" + (row.total > 0 ? ProgressFormat.bytes(row.total) : message) + ")"
        case .configuring: return "configuring " + row.model
        case .configured: return "configured " + row.model
        case .retrying(let text): return text + "  " + row.model
        case .failed(let message): return "failed   " + row.model + ": " + firstLine(message)
        case .pulling:
            if row.isWaitingForRunner { return Self.waitingForSlot }
            return pulling(row, room: room, now: now)
        }
    }

    /// `[=====     ] 1.00 MiB / 4.00 MiB  512.00 KiB/s  ETA 6.0s`; on a narrow terminal the bar
    /// shrinks, then goes, before the numbers are cut.
    private func pulling(_ row: ProgressBoard.Row, room: Int, now: ContinuousClock.Instant) -> String {
        let figures = row.figures(at: now)
        let numbers = [figures.amount, figures.rate, figures.eta].compactMap { $0 }.joined(separator: "  ")
        let fitted = min(barWidth, room - numbers.count - 3)
        guard fitted >= Self.minimumBarWidth else { return numbers }
        let fraction = row.total > 0 ? min(1, Double(row.done) / Double(row.total)) : 0
        let filled = Int((fraction * Double(fitted)).rounded(.down))
        return "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: fitted - filled) + "] "
            + numbers
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
