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
    /// Origins accepted in an `Origin` header, compared as exact strings as DMR's CORS middleware does; anything
    /// else gets 403 `Origin not allowed` on `/models…`, `/engines…` and `/v1/…`. `["*"]` accepts all.
    public var allowedOrigins: [String]
    /// The `version` reported by `GET /version`.
    public var version: String
    /// Backend names and their `GET /engines/status` strings; `_configure` knows only these backends.
    public var backends: [String: String]
    /// The backend `POST /engines/_configure` (without `{backend}`) uses.
    public var defaultBackend: String
    /// DMR's `DEFAULT_REGISTRY`: the registry of references that name none (`docker.io` when unset).
    public var defaultRegistry: String
    /// Whether the simulated registry answers. DMR asks the registry before every OCI pull, so when it is down
    /// every pull, of a present model too, answers 500 `error while pulling model: reading model from registry: …`
    /// (and a Hugging Face pull fails inside its stream).
    public var registryReachable: Bool

    /// DMR's default origins (`envconfig.AllowedOrigins`): `http(s)://localhost`, `http(s)://127.0.0.1` and
    /// `http(s)://0.0.0.0`, plus the same with `:*`, which DMR compares literally, so an origin with a real port
    /// (`http://localhost:3000`) is refused.
    public static let defaultAllowedOrigins: [String] = ["localhost", "127.0.0.1", "0.0.0.0"].flatMap { host in
        ["http://\(host)", "https://\(host)", "http://\(host):*", "https://\(host):*"]
    }

    /// Backends DMR knows, with the status strings DMR v1.2.6 reports on Linux with llama.cpp installed but no
    /// other backend.
    public static let defaultBackends: [String: String] = [
        "llama.cpp": "Running: llama.cpp unknown",
        "mlx": "Not Installed: only supported on Apple Silicon",
        "vllm": "Not Installed: binary not found",
        "diffusers": "Not Installed",
        "sglang": "Not Installed: package not installed",
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
        defaultBackend: String = "llama.cpp",
        defaultRegistry: String = "docker.io",
        registryReachable: Bool = true
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
        self.defaultRegistry = defaultRegistry
        self.registryReachable = registryReachable
    }
}
