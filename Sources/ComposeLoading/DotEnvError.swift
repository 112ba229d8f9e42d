/// A `.env` file that compose-go's dotenv parser would reject; `message` is compose-go's text.
public struct DotEnvError: Error, Sendable, Equatable, CustomStringConvertible {
    /// compose-go's message, e.g. `line 7: key cannot contain a space`,
    /// `line 1: unterminated quoted value "abc`, or an interpolation error's text.
    public var message: String
    /// The line compose-go's parser was on (1-based; the number its message names).
    public var line: Int
    /// The 1-based column (in characters) of the offending text, when known.
    public var column: Int?
    /// For `DotEnv.environment(fromFiles:lookup:)`: the index of the file that failed.
    public var fileIndex: Int?

    /// Creates an error.
    public init(message: String, line: Int, column: Int? = nil, fileIndex: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.fileIndex = fileIndex
    }

    /// The message, prefixed with `line N: ` when compose-go's text does not already name the line.
    public var description: String {
        message.hasPrefix("line ") ? message : "line \(line): \(message)"
    }
}

/// One `KEY=value` pair of a parsed `.env` file.
public struct DotEnvEntry: Sendable, Equatable, Hashable {
    /// The variable name.
    public var key: String
    /// The value after unquoting, escapes and expansion.
    public var value: String

    /// Creates an entry.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
