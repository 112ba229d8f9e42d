/// Everything the simulator needs before it starts; most of it can also be changed while it runs.
public struct SimConfiguration: Sendable {
    /// The catalogue of models it can "pull" (and those already present).
    public var models: [SimModel]
    /// Pulls that may stream at once; DMR's `maximumConcurrentModelPulls` is 2.
    public var maximumConcurrentPulls: Int
    /// Time between progress ticks; DMR throttles to one line per layer per 100 ms (or per MiB, or on completion).
    /// Tests set a small value (or `.zero`) to run fast.
    public var progressInterval: Duration
    /// Bytes per layer that force a progress line even within one tick (DMR: 1 MiB).
    public var progressByteStep: Int
    /// The simulated remote manifest fetch every OCI pull starts with, cached or not.
    public var manifestFetchDelay: Duration
    /// Origins accepted in an `Origin` header; anything else gets 403 `Origin not allowed`. An entry ending in `:*`
    /// accepts any port. `["*"]` accepts all.
    public var allowedOrigins: [String]
    /// The `version` reported by `GET /version`.
    public var version: String
    /// Backend names and their `GET /engines/status` strings; `_configure` knows only these backends.
    public var backends: [String: String]
    /// The backend `POST /engines/_configure` (without `{backend}`) uses.
    public var defaultBackend: String

    /// DMR's default origins: localhost, 127.0.0.1 and 0.0.0.0 over http and https, with and without a port.
    public static let defaultAllowedOrigins: [String] = ["localhost", "127.0.0.1", "0.0.0.0"].flatMap { host in
        ["http://\(host)", "https://\(host)", "http://\(host):*", "https://\(host):*"]
    }

    /// Backends DMR knows, with the simulator's status strings.
    public static let defaultBackends: [String: String] = [
        "llama.cpp": "Running: llama.cpp simulated (ModelRunnerSim; no inference)",
        "mlx": "Not Installed",
        "vllm": "Not Installed",
        "diffusers": "Not Installed",
        "sglang": "Not Installed",
    ]

    /// Creates a configuration; the defaults mirror DMR's (2 pulls, 100 ms / 1 MiB throttling).
    public init(
        models: [SimModel] = [],
        maximumConcurrentPulls: Int = 2,
        progressInterval: Duration = .milliseconds(100),
        progressByteStep: Int = 1_048_576,
        manifestFetchDelay: Duration = .zero,
        allowedOrigins: [String] = SimConfiguration.defaultAllowedOrigins,
        version: String = "v1.2.6-modelrunnersim",
        backends: [String: String] = SimConfiguration.defaultBackends,
        defaultBackend: String = "llama.cpp"
    ) {
        self.models = models
        self.maximumConcurrentPulls = max(1, maximumConcurrentPulls)
        self.progressInterval = progressInterval
        self.progressByteStep = max(1, progressByteStep)
        self.manifestFetchDelay = manifestFetchDelay
        self.allowedOrigins = allowedOrigins
        self.version = version
        self.backends = backends
        self.defaultBackend = defaultBackend
    }
}
