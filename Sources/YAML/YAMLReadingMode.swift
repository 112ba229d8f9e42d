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

    /// The batch sizes to pipeline with for `inputBytes` of input, or nil to stay on this thread.
    func pipelineSizes(inputBytes: Int) -> EventBatchSizes? {
        switch self {
        case .sameThread:
            return nil
        case .pipelined(let batchEvents, let batches):
            return EventBatchSizes(
                events: batchEvents, textBytes: EventBatchSizes.pipelined.textBytes, batches: batches)
        case .pipelinedWithoutThread(let batchEvents, let batches):
            return EventBatchSizes(
                events: batchEvents, textBytes: EventBatchSizes.pipelined.textBytes, batches: batches,
                createsThread: false)
        case .automatic:
            guard inputBytes >= Self.pipelineThreshold, OnlineProcessors.count > 1 else { return nil }
            return .pipelined
        }
    }
}

/// How large the ``EventBatch``es of one read are.
struct EventBatchSizes: Equatable {
    var events: Int
    var textBytes: Int
    var batches: Int
    /// False only in tests, to act as if no thread could be created.
    var createsThread = true

    /// Batches of 4,096 events or 256 KiB of text, four in the ring: a hand-over every few hundred
    /// microseconds, and under 1 MiB in flight.
    static let pipelined = EventBatchSizes(events: 4_096, textBytes: 256 << 10, batches: 4)
    /// One batch, reused, no larger than `inputBytes` of input can fill (a 1 kB file needs no
    /// 64 KiB buffer).
    static func sameThread(inputBytes: Int) -> EventBatchSizes {
        EventBatchSizes(events: min(1_024, inputBytes / 2 + 8), textBytes: min(64 << 10, inputBytes + 64), batches: 1)
    }
}
