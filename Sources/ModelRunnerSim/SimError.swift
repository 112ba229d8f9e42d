/// Errors of the simulator's own API (not of the HTTP protocol it serves).
public enum SimError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ``ModelRunnerSim/start(listening:)`` was called twice.
    case alreadyStarted
    /// A wait gave up.
    case timedOut(String)
    /// A catalogue file or flag could not be read; the text says what, where and how to fix it.
    case invalidCatalogue(String)

    public var description: String {
        switch self {
        case .alreadyStarted: "ModelRunnerSim is already running; call shutdown() first"
        case .timedOut(let what): "timed out: \(what)"
        case .invalidCatalogue(let message): message
        }
    }
}
