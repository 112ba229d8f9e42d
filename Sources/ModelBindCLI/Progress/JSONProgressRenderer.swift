import FoundationEssentials
import ModelBind

/// One JSON object per event, one per line: `{"event":"progress","key":…,"model":…,"done":…,"total":…}`. Pure.
enum JSONProgressRenderer {
    /// The event as one line of JSON with sorted keys.
    static func line(for event: ProvisionEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONField.object(fields(for: event))) else {
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

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
