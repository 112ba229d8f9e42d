import FoundationEssentials
import ModelBind

/// One JSON object per event, one per line:
/// `{"done":…,"event":"progress","key":…,"model":…,"time":"2026-12-07T20:41:07.123Z","total":…}`. Pure.
enum JSONProgressRenderer {
    /// The event as one line of JSON with sorted keys, stamped with `time` (RFC 3339, UTC, milliseconds).
    static func line(for event: ProvisionEvent, at time: Date) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var fields = fields(for: event)
        fields["time"] = .string(timestamp(time))
        guard let data = try? encoder.encode(JSONField.object(fields)) else {
            return #"{"event":"unencodable"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func fields(for event: ProvisionEvent) -> [String: JSONField] {
        func model(_ name: String, _ key: String, _ model: String) -> [String: JSONField] {
            ["event": .string(name), "key": .string(key), "model": .string(model)]
        }
        switch event {
        case .planned(let items):
            return [
                "event": "planned",
                "models": .array(
                    items.map { item in
                        var fields: [String: JSONField] = [
                            "key": .string(item.key), "model": .string(item.model),
                            "configures": .bool(item.configures),
                            "runtime_flags": .array(item.runtimeFlags.map(JSONField.string)),
                        ]
                        if let size = item.contextSize { fields["context_size"] = .integer(Int64(size)) }
                        return .object(fields)
                    }),
            ]
        case .checking(let key, let name): return model("checking", key, name)
        case .present(let key, let name): return model("present", key, name)
        case .missing(let key, let name): return model("missing", key, name)
        case .pullStarted(let key, let name, let attempt):
            return model("pull_started", key, name).merging(["attempt": .integer(Int64(attempt))]) { $1 }
        case .progress(let key, let name, let done, let total):
            return model("progress", key, name).merging([
                "done": .integer(Int64(clamping: done)), "total": .integer(Int64(clamping: total)),
            ]) { $1 }
        case .retrying(let key, let name, let attempt, let delay, let reason):
            return model("retrying", key, name).merging([
                "attempt": .integer(Int64(attempt)), "delay_ms": .integer(milliseconds(delay)),
                "reason": .string(reason),
            ]) { $1 }
        case .pullFinished(let key, let name, let bytes, let message):
            return model("pull_finished", key, name).merging([
                "bytes": .integer(Int64(clamping: bytes)), "message": .string(message),
            ]) { $1 }
        case .configuring(let key, let name): return model("configuring", key, name)
        case .configured(let key, let name): return model("configured", key, name)
        case .warning(let key, let message):
            var fields: [String: JSONField] = ["event": "warning", "message": .string(message)]
            if let key { fields["key"] = .string(key) }
            return fields
        case .failed(let key, let name, let message):
            return model("failed", key, name).merging(["message": .string(message)]) { $1 }
        case .finished(let report):
            var fields: [String: JSONField] = [
                "event": "finished", "succeeded": .bool(report.succeeded), "cancelled": .bool(report.cancelled),
                "timed_out": .bool(report.timedOut), "dry_run": .bool(report.dryRun),
                "duration_ms": .integer(milliseconds(report.duration)),
                "models": .array(
                    report.entries.map { entry in
                        var fields: [String: JSONField] = [
                            "key": .string(entry.key), "model": .string(entry.model),
                            "outcome": .string(entry.outcome.rawValue), "pulled": .bool(entry.pulled),
                            "configured": .bool(entry.configured), "bytes": .integer(Int64(clamping: entry.bytes)),
                            "duration_ms": .integer(milliseconds(entry.duration)),
                            "warnings": .array(entry.warnings.map(JSONField.string)),
                        ]
                        if let message = entry.message { fields["message"] = .string(message) }
                        if let present = entry.wasPresent { fields["was_present"] = .bool(present) }
                        return .object(fields)
                    }),
            ]
            if let message = report.message { fields["message"] = .string(message) }
            return fields
        }
    }

    /// `2026-12-07T20:41:07.123Z`.
    static func timestamp(_ time: Date) -> String {
        time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

/// Keeps JSON mode to a few progress events per second per pull: every state change passes, a
/// progress event only `interval` after the previous one of its pull, or when the pull is complete.
struct JSONProgressThrottle: Sendable {
    var interval: Duration = .milliseconds(250)
    private var lastProgress: [String: ContinuousClock.Instant] = [:]

    init(interval: Duration = .milliseconds(250)) {
        self.interval = interval
    }

    /// Whether to print `event`, received at `now`.
    mutating func admits(_ event: ProvisionEvent, at now: ContinuousClock.Instant) -> Bool {
        switch event {
        case .progress(let key, _, let done, let total):
            if let last = lastProgress[key], now - last < interval, total == 0 || done < total { return false }
            lastProgress[key] = now
            return true
        case .pullStarted(let key, _, _), .pullFinished(let key, _, _, _), .failed(let key, _, _):
            lastProgress[key] = nil
            return true
        default:
            return true
        }
    }
}
