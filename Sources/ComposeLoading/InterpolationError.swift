import ModelBindSupport

/// Why a Compose interpolation template could not be substituted; `message` is compose-go's exact text.
public struct InterpolationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The two failures compose-go distinguishes.
    public enum Kind: Sendable, Equatable {
        /// `${NAME:?reason}` / `${NAME?reason}` with the variable missing (or empty for `:?`).
        case missingRequired(variable: String)
        /// A `${` that does not start a valid expression (`${}`, `${ foo}`, `${FOO:=x}`, `${`, ...).
        case invalidTemplate
    }

    /// Which failure this is.
    public var kind: Kind
    /// compose-go's message: `required variable NAME is missing a value: REASON` (without
    /// `: REASON` when the reason is empty) or `Invalid template: "<template>"` (Go `%#v` quoting).
    public var message: String

    /// Creates an error from its parts.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message, exactly as compose-go prints it.
    public var description: String { message }

    static func missingRequired(variable: String, reason: String) -> InterpolationError {
        let message =
            reason.isEmpty
            ? "required variable \(variable) is missing a value"
            : "required variable \(variable) is missing a value: \(reason)"
        return InterpolationError(kind: .missingRequired(variable: variable), message: message)
    }

    static func invalidTemplate(_ template: String) -> InterpolationError {
        InterpolationError(kind: .invalidTemplate, message: "Invalid template: \(GoQuote.quote(template))")
    }
}

/// The outcome of a successful substitution.
public struct InterpolationResult: Sendable, Equatable {
    /// The substituted string.
    public var value: String
    /// Variables referenced without an operator (`$X`, `${X}`) that were unset, in order of first
    /// use, without duplicates: the ones compose-go warns about ("The "X" variable is not set.
    /// Defaulting to a blank string."). Names only looked up by an operator (`${X:-d}`) are not listed.
    public var unsetVariables: [String]

    /// Creates a result.
    public init(value: String, unsetVariables: [String]) {
        self.value = value
        self.unsetVariables = unsetVariables
    }
}
