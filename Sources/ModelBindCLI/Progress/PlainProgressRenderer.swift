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
