import ComposeModel
import ModelBindSupport

/// Writes POSIX shell `export NAME='value'` lines that `sh`, `bash` and `zsh` read back exactly
/// (`eval`, `.`/`source`).
///
/// Every value is single-quoted; a `'` inside is written `'\''` (close, escaped quote, reopen).
/// Single quotes keep everything else literal, newlines included. Names must be POSIX
/// (`[A-Za-z_][A-Za-z0-9_]*`), since shells reject others in `export`. Values with a NUL are refused.
public enum ShellExportWriter {
    /// One `export NAME='value'` statement (no trailing newline; may span lines when the value does).
    public static func line(name: String, value: String) throws(DotEnvWriterError) -> String {
        guard EnvironmentVariableName.isPOSIX(name) else {
            throw DotEnvWriterError(
                reason: .invalidName, name: name,
                message:
                    "cannot export \(GoQuote.quote(name)) from a shell script: a shell variable name must match [A-Za-z_][A-Za-z0-9_]*"
            )
        }
        guard !value.unicodeScalars.contains("\u{0}") else {
            throw DotEnvWriterError(
                reason: .unrepresentableValue, name: name,
                message:
                    "cannot export \(name): its value contains a NUL character, which no environment variable can hold")
        }
        return "export \(name)=" + quote(value)
    }

    /// A whole script: header comment lines (each prefixed `# `), then one `export` per pair, trailing newline.
    public static func document(
        header: [String],
        variables: [(name: String, value: String)]
    ) throws(DotEnvWriterError) -> String {
        var out = DotEnvWriter.comments(header)
        for variable in variables {
            out += try line(name: variable.name, value: variable.value) + "\n"
        }
        return out
    }

    /// `value` as one POSIX single-quoted word.
    /// `text` as one shell word: as is when it needs no quoting, else single-quoted (``quote(_:)``).
    public static func word(_ text: String) -> String {
        let safe =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "_./:@%+=,-".unicodeScalars.contains(scalar)
            }
        return safe ? text : quote(text)
    }

    public static func quote(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            if scalar == "'" { out += "'\\''" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "'"
    }
}
