/// How ``YAMLReader`` runs libyaml: on the calling thread, or on a second thread that hands its
/// events over in batches while the calling thread builds the document. Both give the same
/// document and the same first error; the choice is only about time.
@_spi(Testing) public enum YAMLReadingMode: Sendable, Equatable {
    /// Pipelined for inputs of ``pipelineThreshold`` bytes or more when more than one processor
    /// is online; on the calling thread otherwise (a thread costs more than it saves on a small
    /// file).
    case automatic
    /// Everything on the calling thread.
    case sameThread
    /// libyaml on a second thread, whatever the input's size, with batches of at most
    /// `batchEvents` events in a ring of `batches` (small values exercise the hand-over in tests).
    case pipelined(batchEvents: Int, batches: Int)
    /// ``pipelined(batchEvents:batches:)`` on a machine where no thread can be created (tests: the
    /// read must fall back to the calling thread, not wait for a producer that never runs).
    case pipelinedWithoutThread(batchEvents: Int, batches: Int)

    /// The input size from which ``automatic`` pipelines: about 2 ms of parsing.
    public static let pipelineThreshold = 192 << 10

    /// How to read `inputBytes` of input: on which thread, in which batches.
    func sizes(inputBytes: Int) -> EventBatchSizes {
        switch self {
        case .sameThread:
            return .sameThread(inputBytes: inputBytes)
        case .pipelined(let batchEvents, let batches):
            return EventBatchSizes(
                events: batchEvents, textBytes: EventBatchSizes.pipelined.textBytes, batches: batches, onThread: true)
        case .pipelinedWithoutThread(let batchEvents, let batches):
            return EventBatchSizes(
                events: batchEvents, textBytes: EventBatchSizes.pipelined.textBytes, batches: batches, onThread: true,
                failsToStartThread: true)
        case .automatic:
            guard inputBytes >= Self.pipelineThreshold, OnlineProcessors.count > 1 else {
                return .sameThread(inputBytes: inputBytes)
            }
            return .pipelined
        }
    }
}

/// How one read runs: libyaml on a thread of its own or not, and how large its ``EventBatch``es are.
struct EventBatchSizes: Equatable {
    var events: Int
    var textBytes: Int
    var batches: Int
    /// libyaml runs on a thread of its own (``EventPipe``).
    var onThread: Bool
    /// True only in tests: act as if no thread could be created.
    var failsToStartThread = false

    /// Batches of 4,096 events or 256 KiB of text, four in the ring: a hand-over every few hundred
    /// microseconds, and under 1 MiB in flight.
    static let pipelined = EventBatchSizes(events: 4_096, textBytes: 256 << 10, batches: 4, onThread: true)
    /// One batch, reused, no larger than `inputBytes` of input can fill (a 1 kB file needs no
    /// 64 KiB buffer).
    static func sameThread(inputBytes: Int) -> EventBatchSizes {
        EventBatchSizes(
            events: min(1_024, inputBytes / 2) + 8, textBytes: min(64 << 10, inputBytes) + 64, batches: 1,
            onThread: false)
    }
}
