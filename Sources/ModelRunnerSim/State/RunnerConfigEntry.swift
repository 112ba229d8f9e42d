/// One stored `_configure` result, keyed like DMR's `(backend, modelID, mode)`.
struct RunnerConfigEntry: Sendable, Equatable {
    /// Backend name, e.g. `llama.cpp`.
    var backend: String
    /// The resolved model ID (`sha256:…`) or, when the model was not local, the raw string sent.
    var modelID: String
    /// `completion`, `embedding`, `reranking` or `image-generation`.
    var mode: String
    /// The stored `BackendConfiguration`, already encoded as Go marshals it (its equality is DMR's DeepEqual).
    var configJSON: String
}
