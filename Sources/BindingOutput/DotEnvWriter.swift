import ComposeModel
import ModelBindSupport

/// Writes env files that compose-go's dotenv parser (``DotEnv``, what `docker compose --env-file`
/// and `env_file:` use) and python-dotenv (`load_dotenv`, `dotenv_values`, with its default
/// interpolation) both read back exactly.
///
/// Quoting rule, chosen per value:
/// 1. **Unquoted** when the value is non-empty and every character is a letter, mark, number,
///    punctuation or symbol other than `"` `'` `$` `#` (so no whitespace, no control characters).
///    Both parsers take such text literally (backslashes included).
/// 2. **Single quotes** when the value contains `$`: compose-go expands `$` in unquoted and
///    double-quoted values, and its escapes (`$$`, `\$`) are not understood by python-dotenv, but
///    neither parser expands inside single quotes (python-dotenv's `${NAME}` / `${NAME:-x}`
///    interpolation aside, see refusals). `'` is written `\'` (both parsers decode it). Newlines are
///    written raw (single quotes have no `\n` escape), so the line may span several lines.
/// 3. **Double quotes** otherwise: `\` → `\\`, `"` → `\"`, newline → `\n`, carriage return → `\r`,
///    tab → `\t`; everything else raw. Both parsers decode exactly these escapes.
///
/// Refusals (``DotEnvWriterError/Reason/unrepresentableValue``), each because one of the parsers
/// cannot get the value back:
/// - a NUL character (no environment variable can hold one);
/// - a value with `$` that also contains `${NAME}` or `${NAME:-x}` (python-dotenv expands that in every
///   quoting and has no escape for it), a carriage return (single quotes cannot escape it and
///   python reads files with universal newlines), or a backslash followed by `\`, by `'` or at
///   the end (compose-go keeps `\\` in single quotes while python-dotenv decodes it, and `\'` ends neither);
/// - a value that needs quotes and ends with a backslash (`"…\\"`: python-dotenv's greedy pattern
///   reads `\"` as an escaped quote and runs on to the next `"` in the file).
///
/// Names must be non-empty and made of letters, digits, `_`, `.`, `-`, `[` and `]` (what
/// compose-go accepts; python-dotenv accepts a superset).
public enum DotEnvWriter {
    /// One `NAME=value` line (no trailing newline; a single-quoted value may contain raw newlines).
    public static func line(name: String, value: String) throws(DotEnvWriterError) -> String {
        var out: [UInt8] = []
        try appendLine(name: name, value: value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A whole file: header comment lines (each prefixed `# `), then one line per pair,
    /// `\n` line ends, trailing newline.
    public static func document(
        header: [String],
        variables: [(name: String, value: String)]
    ) throws(DotEnvWriterError) -> String {
        // Built as bytes and decoded once: appending to a String checks every boundary for
        // combining characters, which cost more than the copying here.
        var out: [UInt8] = Array(comments(header).utf8)
        out.reserveCapacity(out.count + variables.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        for variable in variables {
            try appendLine(name: variable.name, value: variable.value, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ``line(name:value:)`` appended to UTF-8 bytes.
    private static func appendLine(name: String, value: String, to out: inout [UInt8]) throws(DotEnvWriterError) {
        try validate(name: name)
        let encoded = try encode(name: name, value: value)
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: "="))
        out.append(contentsOf: encoded.utf8)
    }

    /// Header lines as `# ` comments, one per line (embedded newlines start new comment lines).
    /// Shared by the env-file and shell writers, whose comment syntax is the same.
    static func comments(_ header: [String]) -> String {
        var out = ""
        func comment(_ line: Substring) {
            out.append(line.isEmpty ? "#\n" : "# ")
            if !line.isEmpty {
                out.append(contentsOf: line)
                out.append("\n")
            }
        }
        for text in header {
            // Fast path: printable ASCII has no line break to split on.
            if isPrintableASCII(text) {
                comment(Substring(text))
            } else {
                for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                    comment(line)
                }
            }
        }
        return out
    }

    /// Whether every byte of `text` is printable ASCII (space to `~`), read from its UTF-8 storage.
    static func isPrintableASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return false }
            return true
        }
    }

    /// Whether `text` is visible ASCII without `"`, `'`, `$` and `#`: what can go unquoted
    /// (``isUnquotedSafe(_:)``'s answer for ASCII).
    static func isUnquotedASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case 0x21...0x7E where byte != 0x22 && byte != 0x27 && byte != 0x24 && byte != 0x23: continue
                default: return false
                }
            }
            return true
        }
    }

    /// Whether `name` can be written as an env-file key (the key rule Compose reads them with).
    public static func isValidName(_ name: String) -> Bool {
        EnvironmentVariableName.isEnvFileKey(name)
    }

    // MARK: - Implementation

    private static func validate(name: String) throws(DotEnvWriterError) {
        guard isValidName(name) else {
            throw DotEnvWriterError(
                reason: .invalidName, name: name,
                message:
                    "cannot write variable \(GoQuote.quote(name)) to an env file: a name must be non-empty and use only letters, digits, '_', '.', '-', '[' and ']'"
            )
        }
    }

    static func isUnquotedSafe(_ value: String) -> Bool {
        !value.isEmpty
            && value.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "\"", "'", "$", "#": return false
                default: return scalar != " " && GoQuote.isPrint(scalar)
                }
            }
    }

    private static func refuse(_ name: String, _ why: String) -> DotEnvWriterError {
        DotEnvWriterError(
            reason: .unrepresentableValue, name: name,
            message: "cannot write the value of \(name) to an env file: \(why)")
    }

    private static func encode(name: String, value: String) throws(DotEnvWriterError) -> String {
        // Fast path, same answer as isUnquotedSafe for ASCII: visible characters other than " ' $ #.
        if !value.isEmpty, isUnquotedASCII(value) {
            return value
        }
        let scalars = Array(value.unicodeScalars)
        if scalars.contains("\u{0}") {
            throw refuse(name, "it contains a NUL character, which no environment variable can hold")
        }
        if isUnquotedSafe(value) { return value }
        if scalars.contains("$") {
            if containsPythonDotenvReference(scalars) {
                throw refuse(
                    name,
                    "it contains a ${...} reference; python-dotenv expands ${NAME} and ${NAME:-default} in every quoting and has no escape for them, while compose-go needs '$$' or single quotes"
                )
            }
            if scalars.contains("\r") {
                throw refuse(
                    name,
                    "it contains both '$' and a carriage return; '$' needs single quotes (compose-go expands it elsewhere), and single quotes cannot escape a carriage return (python-dotenv reads files with universal newlines)"
                )
            }
            for (i, scalar) in scalars.enumerated() where scalar == "\\" {
                let next = i + 1 < scalars.count ? scalars[i + 1] : nil
                if next == nil || next == "\\" || next == "'" {
                    throw refuse(
                        name,
                        "it contains '$' and a backslash followed by '\\', by ''' or at the end; '$' needs single quotes, where compose-go keeps '\\\\' literally but python-dotenv decodes it, and a final '\\' escapes the closing quote"
                    )
                }
            }
            var out = "'"
            for scalar in scalars {
                if scalar == "'" { out += "\\'" } else { out.unicodeScalars.append(scalar) }
            }
            return out + "'"
        }
        if scalars.last == "\\" {
            throw refuse(
                name,
                "it needs quotes and ends with a backslash; in double quotes python-dotenv reads the final '\\\"' as an escaped quote and runs on to the next '\"' in the file, and in single quotes compose-go does the same"
            )
        }
        var out = "\""
        for scalar in scalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// python-dotenv's `\$\{[^}:]*(?::-[^}]*)?\}`.
    static func containsPythonDotenvReference(_ s: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i + 1 < s.count {
            defer { i += 1 }
            guard s[i] == "$", s[i + 1] == "{" else { continue }
            var j = i + 2
            while j < s.count, s[j] != "}", s[j] != ":" { j += 1 }
            guard j < s.count else { continue }
            if s[j] == "}" { return true }
            // s[j] == ":" — needs ":-" then [^}]* then "}"
            guard j + 1 < s.count, s[j + 1] == "-" else { continue }
            var k = j + 2
            while k < s.count, s[k] != "}" { k += 1 }
            if k < s.count { return true }
        }
        return false
    }
}
