/// A misbehaviour of `POST /engines/_configure`, for testing how a client copes.
public enum SimConfigureFault: Sendable, Equatable {
    /// Answers 409 `runner already active` this many times, then behaves normally.
    case busy(times: Int)
    /// Answers 500 with this exact text.
    case fail(message: String)
    /// Resets the connection (TCP RST) instead of answering.
    case resetConnection
    /// Answers 202 but stores this context size and these flags instead of what was sent, so a read-back differs.
    case storeDifferent(contextSize: Int?, runtimeFlags: [String]?)
    /// Waits this long before answering.
    case delay(Duration)
}
