import RunnerEndpoints

/// What `Validator` checks against: the backend whose runtime-flag allowlist applies, and the
/// endpoint setup (for the Docker Engine `extra_hosts` rule).
public struct ValidationOptions: Sendable, Equatable {
    /// The inference backend runtime flags are checked for (`llama.cpp`, `vllm`, ...).
    public var backend: String
    /// How containers reach the runner; `nil` skips the platform rules (MB601).
    public var endpoint: EndpointOptions?

    /// Options for `backend` (default `llama.cpp`) and an optional endpoint setup.
    public init(backend: String = "llama.cpp", endpoint: EndpointOptions? = nil) {
        self.backend = backend
        self.endpoint = endpoint
    }
}
