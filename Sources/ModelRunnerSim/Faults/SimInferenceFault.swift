/// A misbehaviour of the OpenAI-compatible routes (`POST …/v1/chat/completions`, `…/v1/completions`,
/// `…/v1/embeddings`), for testing how a client copes. Queue one with
/// ``ModelRunnerSim/enqueueInferenceFault(_:for:times:)`` or list it under a catalogue model's `inferenceFaults`.
public enum SimInferenceFault: Sendable, Equatable {
    /// Waits this long before the first token: before the whole answer, or, for `stream: true`, after the response
    /// head and before the first `data:` event.
    case slowFirstToken(Duration)
    /// Answers 404 as DMR does for a model that is not in the store, even when it is.
    case modelNotFound
    /// Answers `status` with this text as DMR's `http.Error` does; `nil` is DMR's text for a runner that cannot
    /// start (`unable to load runner: …`, what the real daemon answers when llama.cpp is missing).
    case fail(status: Int, message: String?)
    /// Sends nothing until the client goes away (for client timeouts).
    case stall

    /// DMR's 500 when the backend cannot start the model.
    public static let runnerLoadFailure =
        "unable to load runner: error waiting for runner to be ready: unable to start llama.cpp: unable to start "
        + "process: name: 'llama-server': no such file or directory (ModelRunnerSim fault)"

    /// A short name for events (`faultApplied`).
    var name: String {
        switch self {
        case .slowFirstToken: "slowFirstToken"
        case .modelNotFound: "modelNotFound"
        case .fail(let status, _): "fail(\(status))"
        case .stall: "stall"
        }
    }
}
