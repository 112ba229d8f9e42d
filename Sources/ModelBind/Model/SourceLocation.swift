/// A position in a source file: 1-based line and column, as editors and CI annotations count them.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable {
    /// The file as the user named it (relative paths stay relative; `-` is standard input).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    /// `file:line:column`
    public var description: String { "\(file):\(line):\(column)" }
}
