import ModelBind

/// What the TTY renderer shows: one row per model, updated from events. Pure state.
struct ProgressBoard: Sendable, Equatable {
    /// Where one model is.
    enum Phase: Sendable, Equatable {
        case waiting
        case checking
        case present
        case missing
        case pulling
        case retrying(String)
        /// Pulled; the runner's success message (`Using cached model: 638.00 MiB` when nothing was downloaded).
        case pulled(String)
        case configuring
        case configured
        case failed(String)
    }

    /// One model's line.
    struct Row: Sendable, Equatable {
        var key: String
        var model: String
        var phase: Phase = .waiting
        var done: UInt64 = 0
        var total: UInt64 = 0
        var pullStartedAt: ContinuousClock.Instant?
    }

    private(set) var rows: [Row] = []
    /// Whether a finished event arrived.
    private(set) var finished = false

    /// Applies an event received at `now`.
    mutating func apply(_ event: ProvisionEvent, at now: ContinuousClock.Instant) {
        switch event {
        case .planned(let items):
            for item in items where !rows.contains(where: { $0.key == item.key }) {
                rows.append(Row(key: item.key, model: item.model))
            }
        case .checking(let key, _): update(key) { $0.phase = .checking }
        case .present(let key, _): update(key) { $0.phase = .present }
        case .missing(let key, _): update(key) { $0.phase = .missing }
        case .pullStarted(let key, _, _):
            update(key) {
                $0.phase = .pulling
                $0.done = 0
                $0.pullStartedAt = now
            }
        case .progress(let key, _, let done, let total):
            update(key) {
                $0.phase = .pulling
                $0.done = done
                $0.total = total
            }
        case .retrying(let key, _, let attempt, let delay, _):
            update(key) { $0.phase = .retrying("retrying in \(ProgressFormat.duration(delay)) (attempt \(attempt))") }
        case .pullFinished(let key, _, let bytes, let message):
            update(key) {
                $0.phase = .pulled(message)
                $0.total = max($0.total, bytes)
                $0.done = $0.total
            }
        case .configuring(let key, _): update(key) { $0.phase = .configuring }
        case .configured(let key, _): update(key) { $0.phase = .configured }
        case .failed(let key, _, let message): update(key) { $0.phase = .failed(message) }
        case .warning: break
        case .finished: finished = true
        }
    }

    private mutating func update(_ key: String, _ change: (inout Row) -> Void) {
        for index in rows.indices where rows[index].key == key { change(&rows[index]) }
    }
}
