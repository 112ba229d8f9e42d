#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Something that happened inside the simulator, recorded in order so tests can assert sequences without sleeping.
public struct SimEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, Equatable {
        /// A connection was accepted.
        case connectionOpened
        /// A connection closed (either side).
        case connectionClosed
        /// A pull request is waiting for one of the two pull slots; nothing has been sent.
        case pullQueued
        /// A pull request that was waiting for a slot was abandoned by its client; nothing was sent.
        case pullAbandoned
        /// A pull took a slot and started (the simulated manifest fetch comes next).
        case pullStarted
        /// The response head of a pull was written (the first byte the client sees).
        case pullResponseStarted
        /// A pull finished with a success line; the model is now present.
        case pullFinished
        /// A pull ended with an error (pre-stream status or in-stream error).
        case pullFailed
        /// The client disconnected mid-pull; the pull was cancelled and the model is not present.
        case pullCancelled
        /// A pull reached a ``SimPullFault/pauseUntilResumed(afterLines:)`` point and is waiting.
        case pullPaused
        /// A configuration was stored by `_configure` (202).
        case configureStored
        /// `_configure` was refused (409/500/404/400) or the connection reset.
        case configureRejected
        /// An OpenAI-compatible request was answered with 200; ``detail`` is the route (`chat/completions`,
        /// `completions`, `embeddings`).
        case inferenceServed
        /// An OpenAI-compatible request was refused (``detail``: status and text) or stalled by a fault.
        case inferenceRejected
        /// ``ModelRunnerSim/dropModel(_:)`` removed a model from the store.
        case modelDropped
        /// A fault was applied; ``detail`` names it.
        case faultApplied
    }

    /// What happened.
    public var kind: Kind
    /// The model reference involved, as the client wrote it (empty when none).
    public var model: String
    /// The connection involved (0 when none).
    public var connectionID: Int
    /// Extra detail: status code, fault name, message.
    public var detail: String
    /// When it happened.
    public var time: Date
    /// Position among all recorded events (0-based), the reliable order.
    public var sequence: Int
}
