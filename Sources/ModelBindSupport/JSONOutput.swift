import FoundationEssentials

/// Deterministic JSON: pretty-printed, sorted keys, no escaped slashes, trailing newline.
public enum JSONOutput {
    /// `snakeCaseKeys` writes `contextSize` as `context_size` (the runner operations' outputs,
    /// which follow Compose's own spelling of its fields).
    public static func encode<T: Encodable>(_ value: T, snakeCaseKeys: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
