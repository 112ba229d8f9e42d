import ModelBind
import ModelBindSupport

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
        /// When the runner sent the first progress of the current pull attempt, and how much was
        /// done then: rate, ETA and the stall timer count from there, not from the request (a pull
        /// can wait a long time for one of the runner's pull slots).
        var firstProgressAt: ContinuousClock.Instant?
        var doneAtFirstProgress: UInt64 = 0
        /// When the last progress arrived.
        var lastProgressAt: ContinuousClock.Instant?
        /// The pull's start, for its time when it is cancelled.
        var pullStartedAt: ContinuousClock.Instant?

        /// Whether the row's work is over (nothing more will happen to it in this run).
        var isSettled: Bool {
            switch phase {
            case .present, .pulled, .configured, .failed: return true
            default: return false
            }
        }

        /// A pull the runner has not started sending: waiting for one of its pull slots.
        var isWaitingForRunner: Bool { phase == .pulling && firstProgressAt == nil }

        /// What a pull has done, as the renderers show it: `1.00 MiB / 4.00 MiB`, then the rate
        /// and the ETA once there is a rate. Each renderer joins and prefixes them its own way.
        func figures(at now: ContinuousClock.Instant) -> (amount: String, rate: String?, eta: String?) {
            var amount = ProgressFormat.bytes(done)
            if total > 0 { amount += " / " + ProgressFormat.bytes(total) }
            guard let rate = rate(at: now) else { return (amount, nil, nil) }
            let eta = total > done ? "ETA " + ProgressFormat.seconds(Double(total - done) / rate) : nil
            return (amount, ProgressFormat.bytes(UInt64(rate)) + "/s", eta)
        }

        /// Bytes per second since the first progress, once there is something to average.
        func rate(at now: ContinuousClock.Instant) -> Double? {
            guard let first = firstProgressAt, done > doneAtFirstProgress else { return nil }
            let seconds = (now - first).inSeconds
            guard seconds > 0.2 else { return nil }
            return Double(done - doneAtFirstProgress) / seconds
        }
    }

    private(set) var rows: [Row] = []
    /// Whether a finished event arrived.
    private(set) var finished = false
    /// When the plan arrived: the header's elapsed time counts from there.
    private(set) var startedAt: ContinuousClock.Instant?

    /// `[+] Pulling 1/3 4.2s`, as Compose heads its own progress.
    func header(at now: ContinuousClock.Instant) -> String {
        let elapsed = startedAt.map { ProgressFormat.duration(now - $0) } ?? "0.0s"
        return "[+] Pulling \(rows.filter(\.isSettled).count)/\(rows.count)  \(elapsed)"
    }

    /// Applies an event received at `now`.
    mutating func apply(_ event: ProvisionEvent, at now: ContinuousClock.Instant) {
        switch event {
        case .planned(let items):
            if startedAt == nil { startedAt = now }
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
                $0.firstProgressAt = nil
                $0.lastProgressAt = nil
                $0.doneAtFirstProgress = 0
                if $0.pullStartedAt == nil { $0.pullStartedAt = now }
            }
        case .progress(let key, _, let done, let total):
            update(key) {
                if $0.firstProgressAt == nil {
                    $0.firstProgressAt = now
                    $0.doneAtFirstProgress = done
                }
                $0.lastProgressAt = now
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
