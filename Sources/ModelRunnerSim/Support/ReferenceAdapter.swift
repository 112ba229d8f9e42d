import ModelBind

/// The one place the simulator turns model references into store keys, through `ModelBind.ModelReference`
/// (DMR's normalisation: `hf.co/` → `huggingface.co/`, default tag `latest`, `ai/` for single-component names,
/// lower-case name, default registry `docker.io`).
enum ReferenceAdapter {
    /// The fully qualified store tag DMR ≥ 1.0.11 records, e.g. `docker.io/ai/smollm2:latest`; `nil` when the
    /// reference is empty, unparsable or an ID (DMR answers a pull of it with 400 `Invalid model reference`).
    static func storeTag(_ input: String) -> String? {
        ModelReference(input).storeTag
    }

    /// DMR's `normalizeModelName`, e.g. `ai/smollm2:latest` (the reference its registry errors quote).
    static func familiar(_ input: String) -> String? {
        let reference = ModelReference(input)
        return reference.isValid ? reference.normalizedName : nil
    }

    /// Whether two references name the same model after normalisation.
    static func matches(_ lhs: String, _ rhs: String) -> Bool {
        ModelReference(lhs).matches(rhs)
    }
}
