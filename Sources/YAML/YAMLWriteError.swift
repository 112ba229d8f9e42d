/// A failure while emitting YAML (libyaml's emitter refused an event, for example an invalid tag).
public struct YAMLWriteError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
