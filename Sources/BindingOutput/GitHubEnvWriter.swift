import ComposeModel
import ModelBindSupport

/// Writes lines for GitHub Actions' `$GITHUB_ENV` (and `$GITHUB_OUTPUT`) files.
///
/// A single-line value is written `NAME=value`. A value with a newline uses the heredoc form
/// `NAME<<DELIMITER`, the value's lines, then `DELIMITER`. The delimiter is `ghadelimiter_modelbind`,
/// followed by `_1`, `_2`, … until it does not occur anywhere in the value: deterministic, and never a
/// line of the value. Refused: names that are not valid environment variable names or that contain
/// `<<`, values with NUL, and values with a carriage return (the runner splits lines on `\r` too
/// and re-joins them with `\n`, so a `\r` cannot survive).
public enum GitHubEnvWriter {
    /// The lines for one variable (no trailing newline).
    public static func entry(name: String, value: String) throws(DotEnvWriterError) -> String {
        guard EnvironmentVariableName.isValid(name), !name.contains("<<") else {
            throw DotEnvWriterError(
                reason: .invalidName, name: name,
                message:
                    "cannot write \(GoQuote.quote(name)) to $GITHUB_ENV: a name must be non-empty, without '=', '<<', whitespace or control characters"
            )
        }
        if value.unicodeScalars.contains("\u{0}") || value.unicodeScalars.contains("\r") {
            throw DotEnvWriterError(
                reason: .unrepresentableValue, name: name,
                message:
                    "cannot write \(name) to $GITHUB_ENV: its value contains a NUL or carriage return character, which the Actions runner cannot read back"
            )
        }
        guard value.contains("\n") else { return "\(name)=\(value)" }
        let delimiter = delimiter(for: value)
        return "\(name)<<\(delimiter)\n\(value)\n\(delimiter)"
    }

    /// A whole file: one entry per pair, each ending in `\n`.
    public static func document(variables: [(name: String, value: String)]) throws(DotEnvWriterError) -> String {
        var out = ""
        for variable in variables {
            out += try entry(name: variable.name, value: variable.value) + "\n"
        }
        return out
    }

    /// The heredoc delimiter used for `value`: `ghadelimiter_modelbind[_N]`, not occurring in `value`.
    public static func delimiter(for value: String) -> String {
        let base = "ghadelimiter_modelbind"
        var candidate = base
        var counter = 0
        while value.contains(candidate) {
            counter += 1
            candidate = "\(base)_\(counter)"
        }
        return candidate
    }
}
