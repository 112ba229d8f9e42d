import ModelBindSupport
import RunnerEndpoints

/// What went wrong talking to the runner; shared by the per-call error types.
public enum RunnerErrorKind: String, Sendable, Hashable {
    /// No connection could be made (refused, no such socket, DNS, TLS, connect timeout).
    case unreachable
    /// HTTP 503: the runner is not running (what DMR and Docker Desktop answer then).
    case runnerNotRunning
    /// An error status before any stream: 400, 401, 404, 422, 500, ...
    case httpStatus
    /// HTTP 409 on `_configure`: the model is loaded and in use.
    case busy
    /// A `{"type":"error"}` line in the pull stream.
    case streamError
    /// The stream ended cleanly without a `success` line.
    case streamIncomplete
    /// The connection broke in the middle of the stream.
    case streamInterrupted
    /// No bytes arrived for longer than the stall timeout.
    case stalled
    /// A stream line exceeded the decoder's limit.
    case lineTooLong
    /// A body that should be JSON could not be read.
    case invalidResponse
}

extension RunnerErrorKind {
    /// Whether a failure of this kind (with this status) is one the runner may recover from, so
    /// that trying again may help: no connection was made, the runner is not running yet (503), or a
    /// proxy in front of it answered 502, 503 or 504, or `_configure` answered 409 because the model
    /// is loading (``busy``). Never a 500 (the runner's own verdict: a registry failure, a rejected
    /// flag) nor any other 4xx. The one retry rule every call uses.
    public func mayRecover(status: Int?) -> Bool {
        switch self {
        case .unreachable, .runnerNotRunning, .busy: true
        case .httpStatus: status == 502 || status == 503 || status == 504
        default: false
        }
    }
}

/// Words shared by the error descriptions.
enum RunnerErrorText {
    static let howToPoint = "point modelbind at a runner with --runner URL or MODEL_RUNNER_HOST"

    static func unreachable(_ endpoint: String, _ reason: String) -> String {
        "cannot reach the model runner at \(endpoint) (\(reason)); is Docker Model Runner running? Start it, or \(howToPoint)"
    }

    static func notRunning(_ endpoint: String) -> String {
        "the model runner at \(endpoint) is not running (HTTP 503); start it (Docker Desktop: enable Docker Model Runner; "
            + "Docker Engine: docker model install-runner), or \(howToPoint)"
    }

    /// The body as one readable line: trimmed, empty shown as such, long ones cut.
    static func quote(_ body: String) -> String {
        let trimmed = PercentEncoding.trim(body)
        if trimmed.isEmpty { return "empty body" }
        let oneLine = trimmed.split(whereSeparator: \.isNewline).joined(separator: " | ")
        return oneLine.count > 500 ? String(oneLine.prefix(500)) + "…" : oneLine
    }

    /// The reason given for a connection the runner reset (it was reachable: the request got through).
    static let connectionReset = "connection reset by peer"

    /// A short reason for a transport error from AsyncHTTPClient or NIO.
    static func reason(for error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("refused") || text.contains("ECONNREFUSED") { return "connection refused" }
        if text.contains("No such file") || text.contains("ENOENT") { return "no such socket" }
        if text.contains("connectTimeout") { return "connect timed out" }
        if text.contains("reset by peer") || text.contains("ECONNRESET") { return connectionReset }
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}

/// `GET /models/{reference}` failed: carries the status and body the runner answered, if any.
public struct ModelPresenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: RunnerErrorKind
    public var model: String
    public var endpoint: String
    public var status: Int?
    public var body: String

    public init(kind: RunnerErrorKind, model: String, endpoint: String, status: Int? = nil, body: String = "") {
        self.kind = kind
        self.model = model
        self.endpoint = endpoint
        self.status = status
        self.body = body
    }

    public var description: String {
        switch kind {
        case .unreachable: return RunnerErrorText.unreachable(endpoint, body)
        case .runnerNotRunning: return RunnerErrorText.notRunning(endpoint)
        case .stalled: return "checking '\(model)' at \(endpoint): no answer within the timeout"
        default:
            let status = status.map { "HTTP \($0)" } ?? kind.rawValue
            return
                "checking whether '\(model)' is present at \(endpoint) failed (\(status): \(RunnerErrorText.quote(body)))"
        }
    }
}

/// `POST /models/create` failed, before or during the stream: carries the runner's own words.
public struct PullError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: RunnerErrorKind
    public var model: String
    public var endpoint: String
    /// The HTTP status, when the failure is a status before the stream (or 200 for stream failures).
    public var status: Int?
    /// The error body, or the `error` line's message.
    public var body: String
    /// Plain-text lines the runner sent in the stream (DMR appends one after an error line).
    public var trailingText: [String]
    /// Whether stream bytes had arrived before the failure.
    public var streamStarted: Bool

    public init(
        kind: RunnerErrorKind,
        model: String,
        endpoint: String,
        status: Int? = nil,
        body: String = "",
        trailingText: [String] = [],
        streamStarted: Bool = false
    ) {
        self.kind = kind
        self.model = model
        self.endpoint = endpoint
        self.status = status
        self.body = body
        self.trailingText = trailingText
        self.streamStarted = streamStarted
    }

    /// Whether trying again may help: what ``RunnerErrorKind/mayRecover(status:)`` says, and a
    /// stream cut short (the runner resumes from its partial download).
    public var isRetryable: Bool {
        switch kind {
        case .streamInterrupted: return true
        case .streamIncomplete: return trailingText.isEmpty
        default: return kind.mayRecover(status: status)
        }
    }

    public var description: String {
        let quoted = RunnerErrorText.quote(body)
        var text: String
        switch kind {
        case .unreachable: return RunnerErrorText.unreachable(endpoint, body)
        case .runnerNotRunning: return RunnerErrorText.notRunning(endpoint)
        case .httpStatus:
            switch status {
            case 400:
                text = "the runner rejected the reference '\(model)' (HTTP 400: \(quoted)); check the model: value"
            case 401:
                text =
                    "the registry refused '\(model)' (HTTP 401: \(quoted)); a private or misspelled model looks like this "
                    + "(Docker Hub answers 401 for repositories that do not exist): check the name, or log in to the registry"
            case 404: text = "model '\(model)' was not found (HTTP 404: \(quoted)); check the name and tag"
            case 422:
                text =
                    "the runner cannot use '\(model)' (HTTP 422: \(quoted)); its format is not supported by this runner, "
                    + "try upgrading Docker Model Runner"
            case 500: text = "the runner failed to pull '\(model)' (HTTP 500: \(quoted))"
            default: text = "pulling '\(model)' failed (HTTP \(status.map(String.init) ?? "?"): \(quoted))"
            }
        case .streamError: text = "pulling '\(model)' failed: \(quoted)"
        case .streamIncomplete: text = "the pull of '\(model)' ended without a success line"
        case .streamInterrupted: text = "the connection to the runner broke while pulling '\(model)' (\(body))"
        case .stalled: text = "pulling '\(model)' stalled: \(body)"
        case .lineTooLong: text = "pulling '\(model)' failed: \(body)"
        case .invalidResponse: text = "pulling '\(model)' failed: \(body)"
        case .busy: text = "pulling '\(model)' failed (\(kind.rawValue): \(quoted))"
        }
        for line in trailingText { text += "\n  runner: " + line }
        return text
    }
}

/// `POST /engines/_configure` or its read-back failed: carries the status and the runner's rejection text.
public struct ConfigureError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: RunnerErrorKind
    public var model: String
    public var endpoint: String
    public var status: Int?
    public var body: String

    public init(kind: RunnerErrorKind, model: String, endpoint: String, status: Int? = nil, body: String = "") {
        self.kind = kind
        self.model = model
        self.endpoint = endpoint
        self.status = status
        self.body = body
    }

    public var description: String {
        let quoted = RunnerErrorText.quote(body)
        switch kind {
        case .unreachable where body == RunnerErrorText.connectionReset:
            return "the model runner at \(endpoint) reset the connection while configuring '\(model)'; it may have "
                + "crashed or restarted (check its logs), or a proxy between modelbind and the runner cut the connection"
        case .unreachable: return RunnerErrorText.unreachable(endpoint, body)
        case .runnerNotRunning: return RunnerErrorText.notRunning(endpoint)
        case .busy:
            return "the runner is busy with '\(model)' and cannot apply a new configuration (HTTP 409: \(quoted)); "
                + "stop what is using the model and try again"
        case .httpStatus where status == 500:
            return "the runner rejected the configuration of '\(model)' (HTTP 500: \(quoted))"
        case .httpStatus where status == 404:
            return "configuring '\(model)' failed (HTTP 404: \(quoted)); check --backend"
        case .invalidResponse:
            return "the runner's configuration of '\(model)' could not be read (\(quoted))"
        default:
            let status = status.map { "HTTP \($0)" } ?? kind.rawValue
            return "configuring '\(model)' failed (\(status): \(quoted))"
        }
    }
}

/// One of the runner's short calls (`GET /version`, `GET /models`, `DELETE /models/{ref}`, ...) failed.
public struct RunnerRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: RunnerErrorKind
    /// `GET /engines/ps`, as sent.
    public var request: String
    public var endpoint: String
    public var status: Int?
    public var body: String

    public init(
        kind: RunnerErrorKind, request: String, endpoint: String, status: Int? = nil, body: String = ""
    ) {
        self.kind = kind
        self.request = request
        self.endpoint = endpoint
        self.status = status
        self.body = body
    }

    public var description: String {
        switch kind {
        case .unreachable: return RunnerErrorText.unreachable(endpoint, body)
        case .runnerNotRunning: return RunnerErrorText.notRunning(endpoint)
        case .stalled: return "\(request) at \(endpoint): \(body)"
        case .invalidResponse:
            return "\(request) at \(endpoint) answered with something that is not the expected JSON "
                + "(\(RunnerErrorText.quote(body)))"
        case .httpStatus where status == 409:
            return "\(request) at \(endpoint) was refused (HTTP 409: \(RunnerErrorText.quote(body)))"
        default:
            let status = status.map { "HTTP \($0)" } ?? kind.rawValue
            return "\(request) at \(endpoint) failed (\(status): \(RunnerErrorText.quote(body)))"
        }
    }
}
