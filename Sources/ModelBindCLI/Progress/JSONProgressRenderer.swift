import Foundation
import ModelBind

/// One JSON object per event, one per line: `{"event":"progress","key":…,"model":…,"done":…,"total":…}`. Pure.
enum JSONProgressRenderer {
    /// The event as one line of JSON with sorted keys.
    static func line(for event: ProvisionEvent) -> String {
        let object = fields(for: event)
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else {
            return #"{"event":"unencodable"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func fields(for event: ProvisionEvent) -> [String: Any] {
        switch event {
        case .planned(let items):
            return [
                "event": "planned",
                "models": items.map { item -> [String: Any] in
                    var fields: [String: Any] = [
                        "key": item.key, "model": item.model, "configures": item.configures,
                        "runtime_flags": item.runtimeFlags,
                    ]
                    if let size = item.contextSize { fields["context_size"] = size }
                    return fields
                },
            ]
        case .checking(let key, let model): return ["event": "checking", "key": key, "model": model]
        case .present(let key, let model): return ["event": "present", "key": key, "model": model]
        case .missing(let key, let model): return ["event": "missing", "key": key, "model": model]
        case .pullStarted(let key, let model, let attempt):
            return ["event": "pull_started", "key": key, "model": model, "attempt": attempt]
        case .progress(let key, let model, let done, let total):
            return ["event": "progress", "key": key, "model": model, "done": done, "total": total]
        case .retrying(let key, let model, let attempt, let delay, let reason):
            return [
                "event": "retrying", "key": key, "model": model, "attempt": attempt,
                "delay_ms": milliseconds(delay), "reason": reason,
            ]
        case .pullFinished(let key, let model, let bytes, let message):
            return ["event": "pull_finished", "key": key, "model": model, "bytes": bytes, "message": message]
        case .configuring(let key, let model): return ["event": "configuring", "key": key, "model": model]
        case .configured(let key, let model): return ["event": "configured", "key": key, "model": model]
        case .warning(let key, let message):
            var fields: [String: Any] = ["event": "warning", "message": message]
            if let key { fields["key"] = key }
            return fields
        case .failed(let key, let model, let message):
            return ["event": "failed", "key": key, "model": model, "message": message]
        case .finished(let report):
            var fields: [String: Any] = [
                "event": "finished", "succeeded": report.succeeded, "cancelled": report.cancelled,
                "timed_out": report.timedOut, "dry_run": report.dryRun, "duration_ms": milliseconds(report.duration),
                "models": report.entries.map { entry -> [String: Any] in
                    var fields: [String: Any] = [
                        "key": entry.key, "model": entry.model, "outcome": entry.outcome.rawValue,
                        "pulled": entry.pulled, "configured": entry.configured, "bytes": entry.bytes,
                        "duration_ms": milliseconds(entry.duration), "warnings": entry.warnings,
                    ]
                    if let message = entry.message { fields["message"] = message }
                    if let present = entry.wasPresent { fields["was_present"] = present }
                    return fields
                },
            ]
            if let message = report.message { fields["message"] = message }
            return fields
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
