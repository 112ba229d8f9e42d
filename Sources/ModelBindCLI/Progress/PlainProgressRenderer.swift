import ModelBind

/// One line per state change (progress ticks are not state changes). Pure.
enum PlainProgressRenderer {
    /// The lines for an event; empty for events plain mode does not show.
    static func lines(for event: ProvisionEvent) -> [String] {
        switch event {
        case .planned(let items):
            if items.isEmpty { return ["no models to provision"] }
            return [
                "provisioning \(items.count) model\(items.count == 1 ? "" : "s"): "
                    + items.map { "\($0.key) (\($0.model))" }.joined(separator: ", ")
            ]
        case .checking(let key, let model): return ["\(key): checking \(model)"]
        case .present(let key, let model): return ["\(key): \(model) is present"]
        case .missing(let key, let model): return ["\(key): \(model) is missing"]
        case .pullStarted(let key, let model, let attempt):
            return ["\(key): pulling \(model)" + (attempt > 1 ? " (attempt \(attempt))" : "")]
        case .progress: return []
        case .retrying(let key, _, let attempt, let delay, let reason):
            return ["\(key): retrying in \(ProgressFormat.duration(delay)) (attempt \(attempt)): \(reason)"]
        case .pullFinished(let key, let model, let bytes, let message):
            let size = bytes > 0 ? ", \(ProgressFormat.bytes(bytes))" : ""
            return ["\(key): pulled \(model) (\(message)\(size))"]
        case .configuring(let key, let model): return ["\(key): configuring \(model)"]
        case .configured(let key, let model): return ["\(key): configured \(model)"]
        case .warning(let key, let message): return ["warning: " + (key.map { "\($0): " } ?? "") + message]
        // The runner's words are printed once, at the end (`modelbind: error: model …`).
        case .failed(let key, let model, _): return ["\(key): \(model) failed"]
        case .finished: return []
        }
    }
}

/// Plain mode's progress lines between "pulling" and "pulled": for each pull at least one every
/// `interval` or every `step` of the total, whichever comes first, with percent, bytes, rate and
/// ETA; while the runner has not started it, how long it has waited. Pure: (board, time) → lines.
struct PlainProgressPacer: Sendable {
    var interval: Duration = .seconds(5)
    var step = 0.10
    private var last: [String: (at: ContinuousClock.Instant, fraction: Double)] = [:]

    init(interval: Duration = .seconds(5), step: Double = 0.10) {
        self.interval = interval
        self.step = step
    }

    /// The lines due at `now`, remembering them as printed.
    mutating func lines(_ board: ProgressBoard, now: ContinuousClock.Instant) -> [String] {
        var out: [String] = []
        for row in board.rows where row.phase == .pulling {
            let fraction = row.total > 0 ? Double(row.done) / Double(row.total) : 0
            guard let previous = last[row.key] else {
                last[row.key] = (row.pullStartedAt ?? now, 0)
                continue
            }
            guard now - previous.at >= interval || fraction - previous.fraction >= step else { continue }
            last[row.key] = (now, fraction)
            out.append(row.key + ": " + Self.describe(row, now: now))
        }
        for key in last.keys where !board.rows.contains(where: { $0.key == key && $0.phase == .pulling }) {
            last[key] = nil
        }
        return out
    }

    /// `42% 1.00 MiB / 2.38 MiB, 512.00 KiB/s, ETA 3.0s`.
    static func describe(_ row: ProgressBoard.Row, now: ContinuousClock.Instant) -> String {
        if row.isWaitingForRunner {
            let waited = row.pullStartedAt.map { ", \(ProgressFormat.duration(now - $0))" } ?? ""
            return "waiting (\(ProgressFormat.runnerPullSlots))" + waited
        }
        let figures = row.figures(at: now)
        let percent = ProgressFormat.percent(row.done, of: row.total).map { $0 + " " } ?? ""
        var parts = [percent + figures.amount] + [figures.rate, figures.eta].compactMap { $0 }
        if let lastProgress = row.lastProgressAt, now - lastProgress >= .seconds(5) {
            parts.append("no data for " + ProgressFormat.duration(now - lastProgress))
        }
        return parts.joined(separator: ", ")
    }
}
