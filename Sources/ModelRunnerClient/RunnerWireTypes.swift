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

    public init(id: String = "", tags: [String] = [], size: String? = nil) {
        self.id = id
        self.tags = tags
        self.size = size
    }

    private enum Key: String, CodingKey {
        case id, tags, config, size
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        id = (try? container.decodeIfPresent(String.self, forKey: .id)) ?? ""
        tags = (try? container.decodeIfPresent([String].self, forKey: .tags)) ?? []
        if let config = try? container.nestedContainer(keyedBy: Key.self, forKey: .config) {
            size = try? config.decodeIfPresent(String.self, forKey: .size)
        }
    }
}
