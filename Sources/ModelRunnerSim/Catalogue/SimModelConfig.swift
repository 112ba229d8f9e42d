/// The `config` object DMR reports for a model (`types.Config`), as the simulator serves it.
public struct SimModelConfig: Sendable, Equatable {
    /// `format`, e.g. `gguf`.
    public var format: String?
    /// `quantization`, e.g. `Q4_K_M`.
    public var quantization: String?
    /// `parameters`, e.g. `361.82 M`.
    public var parameters: String?
    /// `architecture`, e.g. `llama`.
    public var architecture: String?
    /// `size`, e.g. `256.35 MiB`; `nil` derives it from the layer sizes.
    public var size: String?
    /// `context_size`: the packaged size, or for a GGUF model the `context_length` in its metadata, which DMR
    /// reports even when nothing was packaged (and serves as `dmr.context_window`); omitted when `nil`.
    public var contextSize: Int?

    /// Creates a config; the defaults describe a small llama GGUF model (SmolLM2 360M, context length 8192).
    public init(
        format: String? = "gguf",
        quantization: String? = "Q4_K_M",
        parameters: String? = "361.82 M",
        architecture: String? = "llama",
        size: String? = nil,
        contextSize: Int? = 8192
    ) {
        self.format = format
        self.quantization = quantization
        self.parameters = parameters
        self.architecture = architecture
        self.size = size
        self.contextSize = contextSize
    }
}
