/// Reads YAML text into a ``YAMLDocument`` using the system libyaml.
public enum YAMLReader {
    /// Parses every document of a UTF-8 YAML stream.
    ///
    /// - Parameters:
    ///   - bytes: the file's bytes (a UTF-8 BOM and CRLF line ends are fine).
    ///   - path: the file name used in marks and error messages.
    ///   - limits: size, depth and alias-expansion bounds.
    /// - Throws: ``YAMLError`` for the first problem found, with its position.
    public static func read(_ bytes: [UInt8], path: String, limits: YAMLLimits = .default) throws(YAMLError)
        -> YAMLDocument
    {
        // Past 2 GiB, positions and lengths would not fit the store's 32-bit fields.
        let maxInputBytes = min(limits.maxInputBytes, Int(Int32.max))
        guard bytes.count <= maxInputBytes else {
            throw YAMLError(
                kind: .size,
                message: "input is \(bytes.count) bytes, larger than the limit of \(maxInputBytes) bytes",
                path: path, mark: YAMLMark(line: 1, column: 1))
        }
        var builder = DocumentBuilder(path: path, limits: limits)
        let failure = bytes.withUnsafeBufferPointer { builder.parse($0) }
        if let failure { throw failure }
        return builder.document()
    }

    /// Parses every document of a YAML stream given as text.
    public static func read(_ text: String, path: String, limits: YAMLLimits = .default) throws(YAMLError)
        -> YAMLDocument
    {
        try read(Array(text.utf8), path: path, limits: limits)
    }
}
