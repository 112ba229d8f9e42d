/// A top-level `models:` entry after loading, merging and interpolation.
public struct ModelDefinition: Sendable, Hashable {
    /// The key under `models:`; services refer to the model by it and variable names derive from it.
    public var key: String
    /// `model:` as written (after interpolation): the OCI reference the runner pulls.
    public var model: String
    /// `name:`, which Compose uses only as a display label.
    public var name: String?
    /// `context_size:` in tokens, when set.
    public var contextSize: Int?
    /// `runtime_flags:` after merging (lists from several files are concatenated, as Compose does).
    public var runtimeFlags: [String]
    /// Where the model's key is written (the last file that defines it).
    public var location: SourceLocation?

    public init(
        key: String,
        model: String,
        name: String? = nil,
        contextSize: Int? = nil,
        runtimeFlags: [String] = [],
        location: SourceLocation? = nil
    ) {
        self.key = key
        self.model = model
        self.name = name
        self.contextSize = contextSize
        self.runtimeFlags = runtimeFlags
        self.location = location
    }

    /// Whether provisioning must call `_configure` after the pull.
    public var needsConfiguration: Bool { contextSize != nil || !runtimeFlags.isEmpty }
}
