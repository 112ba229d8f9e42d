import FoundationEssentials

/// Something that happened during a pull, reported as the stream arrives.
public enum PullUpdate: Sendable, Hashable {
    /// Bytes received so far, summed over layers by layer id, and the total when known (0 if not).
    case progress(done: UInt64, total: UInt64)
    /// A free-text status line (Hugging Face pulls: `Fetching file list...`).
    case status(String)
    /// A `warning` line.
    case warning(String)
}

/// A finished pull.
public struct PullResult: Sendable, Hashable {
    /// The runner's success message: `Model pulled successfully`, `Using cached model: 256.35 MiB`.
    public var message: String
    /// Total bytes of the model's layers as the runner reported them (0 when nothing was downloaded).
    public var totalBytes: UInt64
    /// Bytes received in this pull, summed over layers.
    public var receivedBytes: UInt64
    /// `warning` lines seen.
    public var warnings: [String]
    /// Lines that were not progress JSON and were ignored because the pull succeeded anyway.
    public var ignoredLines: [String]

    public init(
        message: String,
        totalBytes: UInt64 = 0,
        receivedBytes: UInt64 = 0,
        warnings: [String] = [],
        ignoredLines: [String] = []
    ) {
        self.message = message
        self.totalBytes = totalBytes
        self.receivedBytes = receivedBytes
        self.warnings = warnings
        self.ignoredLines = ignoredLines
    }
}

/// The body of `POST /engines/_configure`; absent fields are omitted from the JSON.
public struct ConfigureRequest: Sendable, Hashable, Encodable {
    public var model: String
    public var contextSize: Int?
    public var runtimeFlags: [String]?

    public init(model: String, contextSize: Int? = nil, runtimeFlags: [String]? = nil) {
        self.model = model
        self.contextSize = contextSize
        self.runtimeFlags = runtimeFlags
    }

    enum CodingKeys: String, CodingKey {
        case model
        case contextSize = "context-size"
        case runtimeFlags = "runtime-flags"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encodeIfPresent(contextSize, forKey: .contextSize)
        if let runtimeFlags, !runtimeFlags.isEmpty { try container.encode(runtimeFlags, forKey: .runtimeFlags) }
    }
}

/// One entry of `GET /engines/_configure`: what the runner holds for a model.
public struct RunnerModelConfiguration: Sendable, Hashable, Decodable {
    public var backend: String
    public var model: String
    public var modelID: String
    public var mode: String
    public var contextSize: Int?
    public var runtimeFlags: [String]?

    public init(
        backend: String = "",
        model: String = "",
        modelID: String = "",
        mode: String = "",
        contextSize: Int? = nil,
        runtimeFlags: [String]? = nil
    ) {
        self.backend = backend
        self.model = model
        self.modelID = modelID
        self.mode = mode
        self.contextSize = contextSize
        self.runtimeFlags = runtimeFlags
    }

    private enum Key: String, CodingKey {
        case backend = "Backend"
        case model = "Model"
        case modelID = "ModelID"
        case mode = "Mode"
        case config = "Config"
        case contextSize = "context-size"
        case runtimeFlags = "runtime-flags"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        backend = (try? container.decodeIfPresent(String.self, forKey: .backend)) ?? ""
        model = (try? container.decodeIfPresent(String.self, forKey: .model)) ?? ""
        modelID = (try? container.decodeIfPresent(String.self, forKey: .modelID)) ?? ""
        mode = (try? container.decodeIfPresent(String.self, forKey: .mode)) ?? ""
        if let config = try? container.nestedContainer(keyedBy: Key.self, forKey: .config) {
            contextSize = try? config.decodeIfPresent(Int.self, forKey: .contextSize)
            runtimeFlags = try? config.decodeIfPresent([String].self, forKey: .runtimeFlags)
        }
    }
}

/// What `GET /models/{reference}` says about a local model; fields the client does not need are ignored.
public struct RunnerModelInfo: Sendable, Hashable, Decodable {
    /// `sha256:<manifest digest>`.
    public var id: String
    public var tags: [String]
    /// The packaged size as the runner prints it (`256.35 MiB`); opaque text.
    public var size: String?
    /// The context size the model was packaged with (`config.context_size`), when it says.
    public var contextSize: Int?

    public init(id: String = "", tags: [String] = [], size: String? = nil, contextSize: Int? = nil) {
        self.id = id
        self.tags = tags
        self.size = size
        self.contextSize = contextSize
    }

    private enum Key: String, CodingKey {
        case id, tags, config, size
        case contextSize = "context_size"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        id = (try? container.decodeIfPresent(String.self, forKey: .id)) ?? ""
        tags = (try? container.decodeIfPresent([String].self, forKey: .tags)) ?? []
        if let config = try? container.nestedContainer(keyedBy: Key.self, forKey: .config) {
            size = try? config.decodeIfPresent(String.self, forKey: .size)
            contextSize = try? config.decodeIfPresent(Int.self, forKey: .contextSize)
        }
    }
}

/// What the one runner check (`GET /models`) found: whether a model runner answered.
public struct RunnerProbe: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// A model runner answered.
        case running
        /// No connection (refused, no such socket, timeout).
        case unreachable
        /// HTTP 503: Docker Desktop or the runner says it is not running.
        case notRunning
        /// Something answered, but not as a model runner does (HTML, another status or text).
        case notARunner
    }

    public var state: State
    public var status: Int?
    /// The runner's text when it runs, else what went wrong and how to fix it.
    public var message: String

    public init(state: State, status: Int? = nil, message: String) {
        self.state = state
        self.status = status
        self.message = message
    }

    public var isRunning: Bool { state == .running }
}

/// One entry of `GET /engines/status`.
public struct RunnerBackend: Sendable, Hashable, Codable {
    /// `llama.cpp`, `vllm`, `mlx`, ...
    public var name: String
    /// `Running: llama.cpp unknown`, `Not Installed: binary not found`, as the runner says it.
    public var state: String

    public init(name: String, state: String) {
        self.name = name
        self.state = state
    }

    /// Whether the state says the backend runs.
    public var isRunning: Bool { state.hasPrefix("Running") }
}

/// One entry of `GET /engines/ps`.
public struct RunnerRunningModel: Sendable, Hashable, Decodable {
    public var backend: String
    /// The model as it was requested (`127.0.0.1:5000/ai/tiny:latest`, `ai/smollm2`).
    public var model: String
    /// `completion` or `embedding`.
    public var mode: String
    /// Whether it is still loading.
    public var loading: Bool

    public init(backend: String = "", model: String = "", mode: String = "", loading: Bool = false) {
        self.backend = backend
        self.model = model
        self.mode = mode
        self.loading = loading
    }

    private enum Key: String, CodingKey {
        case backend = "backend_name"
        case model = "model_name"
        case mode, loading
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        backend = (try? container.decodeIfPresent(String.self, forKey: .backend)) ?? ""
        model = (try? container.decodeIfPresent(String.self, forKey: .model)) ?? ""
        mode = (try? container.decodeIfPresent(String.self, forKey: .mode)) ?? ""
        loading = (try? container.decodeIfPresent(Bool.self, forKey: .loading)) ?? false
    }
}

/// One element of the `DELETE /models/{reference}` answer.
public struct RunnerDeleteAction: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// `{"Untagged": "<tag>"}`: the tag is gone.
        case untagged
        /// `{"Deleted": "sha256:…"}`: the model (its files) is gone.
        case deleted
    }

    public var kind: Kind
    /// The tag or the model ID.
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}
