/// A variable that an env-file writer (``DotEnvWriter``, ``ShellExportWriter``, ``GitHubEnvWriter``)
/// cannot write so that it reads back exactly.
public struct DotEnvWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Sendable, Equatable {
        /// The variable name cannot appear in this format.
        case invalidName
        /// No quoting of this format carries the value unchanged to every reader.
        case unrepresentableValue
    }

    /// What is wrong.
    public var reason: Reason
    /// The variable concerned.
    public var name: String
    /// A sentence saying what is wrong, why, and what to do.
    public var message: String

    /// Creates an error.
    public init(reason: Reason, name: String, message: String) {
        self.reason = reason
        self.name = name
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
