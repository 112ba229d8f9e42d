/// A model in the simulated local store.
struct StoredModel: Sendable, Equatable {
    /// `sha256:<hex>`, stable for a catalogue entry.
    var id: String
    /// Tags in canonical form, as DMR ≥ 1.0.11 records them (`docker.io/ai/smollm2:latest`,
    /// `127.0.0.1:5000/ai/tiny:v2`), in the order they were added; empty once every tag moved elsewhere.
    var tags: [String]
    /// Packaging time, Unix seconds.
    var created: Int64
    /// The reported config.
    var config: SimModelConfig
    /// `config.size` as reported (explicit or derived).
    var sizeDescription: String
    /// The layer sizes of the catalogue entry it came from.
    var layerSizes: [Int] = []
    /// The layer digests of the catalogue entry it came from.
    var layerIDs: [String] = []

    /// Go's `Model` JSON: `{"id","tags"(omitempty),"created","config":{...}}`.
    var json: String {
        var members: [(String, String)] = [("id", GoJSON.string(id))]
        if !tags.isEmpty { members.append(("tags", GoJSON.stringArray(tags))) }
        members.append(("created", String(created)))
        var configMembers: [(String, String)] = []
        if let format = config.format, !format.isEmpty { configMembers.append(("format", GoJSON.string(format))) }
        if let value = config.quantization, !value.isEmpty {
            configMembers.append(("quantization", GoJSON.string(value)))
        }
        if let value = config.parameters, !value.isEmpty { configMembers.append(("parameters", GoJSON.string(value))) }
        if let value = config.architecture, !value.isEmpty {
            configMembers.append(("architecture", GoJSON.string(value)))
        }
        if !sizeDescription.isEmpty { configMembers.append(("size", GoJSON.string(sizeDescription))) }
        if let context = config.contextSize { configMembers.append(("context_size", String(context))) }
        members.append(("config", GoJSON.object(configMembers)))
        return GoJSON.object(members)
    }

    /// The deterministic ID of a catalogue entry: the digest of a manifest-like description of it.
    static func id(for model: SimModel) -> String {
        let tag = SimReference.storeTag(model.reference) ?? model.reference
        let layers = model.layerSizes.map(String.init).joined(separator: ",")
        return "sha256:" + SHA256.hex("modelrunnersim-manifest|\(tag)|\(layers)|\(model.created)")
    }

    /// Builds the store entry for a catalogue model with these tags.
    static func from(_ model: SimModel, tags: [String]) -> StoredModel {
        StoredModel(
            id: id(for: model), tags: tags, created: model.created, config: model.config,
            sizeDescription: model.sizeDescription, layerSizes: model.layerSizes,
            layerIDs: model.layerSizes.indices.map { ProgressLine.layerID(model: model, index: $0) })
    }

    /// The bytes the model takes in the store (`/engines/df`).
    var diskUsage: Int { layerSizes.reduce(0, +) }
}
