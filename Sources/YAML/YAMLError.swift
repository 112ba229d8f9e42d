/// A problem found while reading YAML, with the file and the 1-based position where it is.
public struct YAMLError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The category of a ``YAMLError``.
    public enum Kind: Sendable, Equatable {
        /// libyaml rejected the text (bad indentation, unclosed brackets, tabs, control characters...).
        case syntax
        /// The bytes are not valid UTF-8.
        case invalidUTF8
        /// A mapping repeats a key.
        case duplicateKey
        /// An alias names an anchor that is not defined before it.
        case unknownAlias
        /// Aliases expand to too many nodes (a "billion laughs" document).
        case aliasExpansion
        /// Sequences and mappings nest deeper than the limit.
        case depth
        /// The input or one scalar is larger than the limit.
        case size
        /// A `<<` merge key has a value that is not a mapping or a sequence of mappings.
        case merge
    }

    /// The category of the problem.
    public var kind: Kind
    /// A sentence saying what is wrong.
    public var message: String
    /// The file the YAML came from, as given to the reader.
    public var path: String
    /// Where the problem is.
    public var mark: YAMLMark
    /// Where the construct libyaml was reading began (the `[` of an unclosed flow sequence, the
    /// opening quote of an unclosed string), when that is elsewhere than ``mark``.
    public var contextMark: YAMLMark?
    /// The text of the line at ``contextMark``.
    public var contextLine: String?

    /// Creates an error.
    public init(
        kind: Kind, message: String, path: String, mark: YAMLMark, contextMark: YAMLMark? = nil,
        contextLine: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.path = path
        self.mark = mark
        self.contextMark = contextMark
        self.contextLine = contextLine
    }

    /// `path:line:column: message`.
    public var description: String {
        "\(path):\(mark.line):\(mark.column): \(message)"
    }
}
