/// A position in YAML input: 1-based line and column of a node's first character.
///
/// Columns count Unicode characters, as libyaml does; a leading byte order mark is not counted.
public struct YAMLMark: Sendable, Hashable {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in characters.
    public var column: Int

    /// Creates a mark.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}
