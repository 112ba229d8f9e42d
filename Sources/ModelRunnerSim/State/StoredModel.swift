/// A model in the simulated local store.
struct StoredModel: Sendable, Equatable {
    /// `sha256:<hex>`, stable for a catalogue entry.
    var id: String
    /// Tags, fully qualified as DMR ≥ 1.0.11 records them (`docker.io/ai/smollm2:latest`).
    var tags: [String]
    /// Packaging time, Unix seconds.
    var created: Int64
    /// The reported config.
    var config: SimModelConfig
    /// `config.size` as reported (explicit or derived).
    var sizeDescription: String

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
        let tag = ReferenceAdapter.storeTag(model.reference) ?? model.reference
        let layers = model.layerSizes.map(String.init).joined(separator: ",")
        return "sha256:" + SHA256.hex("modelrunnersim-manifest|\(tag)|\(layers)|\(model.created)")
    }

    /// Builds the store entry for a catalogue model, tagged with its fully qualified reference.
    static func from(_ model: SimModel, tag: String) -> StoredModel {
        StoredModel(
            id: id(for: model), tags: [tag], created: model.created, config: model.config,
            sizeDescription: model.sizeDescription)
    }
}
