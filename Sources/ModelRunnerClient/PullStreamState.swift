import AsyncHTTPClient
import FoundationEssentials
import ModelBindSupport
import NIOCore
import NIOHTTP1
import RunnerEndpoints

/// The pull stream as read so far.
struct PullStreamState {
    var layers: [String: UInt64] = [:]
    var layerSizes: [String: UInt64] = [:]
    var total: UInt64 = 0
    var done: UInt64 = 0
    var success: String?
    var errorMessage: String?
    var warnings: [String] = []
    var text: [String] = []
    var streamStarted = false

    /// Bounds on what is kept of non-JSON lines: the runner's words are shown, not buffered without limit.
    static let maximumTextLines = 8
    static let maximumTextLength = 1_000

    mutating func apply(_ event: ProgressStreamEvent, _ onUpdate: @Sendable (PullUpdate) -> Void) {
        switch event {
        case .progress(let update):
            if let id = update.layerID, !id.isEmpty, let current = update.layerCurrent {
                layers[id] = current
                if let size = update.layerSize { layerSizes[id] = size }
                done = layers.values.reduce(0, &+)
            } else if let pulled = update.pulled, update.layerID == nil {
                done = pulled
            } else if !update.message.isEmpty {
                onUpdate(.status(update.message))
                return
            }
            total = update.total ?? max(total, layerSizes.values.reduce(0, &+))
            onUpdate(.progress(done: done, total: max(total, done)))
        case .success(let message):
            success = message
        case .warning(let message):
            warnings.append(message)
            onUpdate(.warning(message))
        case .error(let message):
            if errorMessage == nil { errorMessage = message.isEmpty ? "the runner reported an error" : message }
        case .other(let type, let message):
            if !message.isEmpty { onUpdate(.status(type.isEmpty ? message : "\(type): \(message)")) }
        case .text(let line):
            guard text.count < Self.maximumTextLines else { return }
            text.append(line.count > Self.maximumTextLength ? String(line.prefix(Self.maximumTextLength)) + "…" : line)
        }
    }
}

/// When bytes last arrived, shared between a pull and its stall watchdog.
final class ActivityClock: Sendable {
    private struct State {
        var last = ContinuousClock.now
        var sawBytes = false
    }

    private let state = Locked(State())

    func touch(bytes: Bool) {
        state.withLock {
            $0.last = .now
            if bytes { $0.sawBytes = true }
        }
    }

    var sawBytes: Bool { state.withLock { $0.sawBytes } }

    /// Returns once `stallTimeout` has passed with no activity; throws when cancelled.
    func watch(stallTimeout: Duration) async throws {
        while true {
            let deadline = state.withLock { $0.last } + stallTimeout
            if ContinuousClock.now >= deadline { return }
            try await Task.sleep(until: deadline, clock: .continuous)
        }
    }
}
