/// Something that happened during provisioning, for a renderer to show; value types only.
public enum ProvisionEvent: Sendable, Hashable {
    /// The models about to be handled, in order.
    case planned([ProvisionPlanItem])
    /// Asking the runner whether it has the model.
    case checking(key: String, model: String)
    /// The runner has the model.
    case present(key: String, model: String)
    /// The runner does not have the model.
    case missing(key: String, model: String)
    /// A pull request was sent (`attempt` counts from 1).
    case pullStarted(key: String, model: String, attempt: Int)
    /// Bytes received, summed over layers, and the total (0 when not yet known).
    case progress(key: String, model: String, done: UInt64, total: UInt64)
    /// A request failed in a way worth retrying; the next attempt starts after `delay`.
    case retrying(key: String, model: String, attempt: Int, delay: Duration, reason: String)
    /// The pull succeeded; `message` is the runner's own success line.
    case pullFinished(key: String, model: String, bytes: UInt64, message: String)
    /// Sending `_configure`.
    case configuring(key: String, model: String)
    /// `_configure` answered 202.
    case configured(key: String, model: String)
    /// Not an error, but worth telling (read-back mismatch, ignored lines, runner warnings).
    case warning(key: String?, message: String)
    /// The model failed; `message` carries the runner's words.
    case failed(key: String, model: String, message: String)
    /// The run ended.
    case finished(ProvisionReport)
}

/// One model in the plan.
public struct ProvisionPlanItem: Sendable, Hashable {
    public var key: String
    public var model: String
    public var contextSize: Int?
    public var runtimeFlags: [String]
    /// Whether `_configure` is sent after the pull.
    public var configures: Bool

    public init(key: String, model: String, contextSize: Int? = nil, runtimeFlags: [String] = [], configures: Bool) {
        self.key = key
        self.model = model
        self.contextSize = contextSize
        self.runtimeFlags = runtimeFlags
        self.configures = configures
    }
}
