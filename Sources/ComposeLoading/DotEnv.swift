import ComposeModel
import ModelBindSupport

/// compose-go's `.env` parser (package `dotenv`), reimplemented without I/O.
///
/// - Statements are `KEY=value`, `KEY: value` or `export KEY=value`; `#` starts a comment line.
/// - Keys are letters and digits of any script plus `_ . - [ ]`.
/// - Unquoted values end at the newline, at the first ` #`, and are right-trimmed; backslashes are literal.
/// - Single quotes: no expansion, only `\'` is an escape.
/// - Double quotes: may span lines; `\a \b \f \n \r \t \v \\ \" \$` and `\0NNN` (octal) are decoded,
///   then `${...}` is expanded (see ``Interpolation``).
/// - A line holding only `KEY` takes its value from the lookup (omitted when not found there).
/// - Duplicate keys keep their first position and their last value.
public enum DotEnv {
    /// Parse (compose-go `Parse`/`ParseWithLookup`): ordered pairs. Expansion looks up `lookup`
    /// first, then keys parsed so far. A leading UTF-8 BOM is skipped.
    @_spi(Testing) public static func parse(
        _ text: String,
        lookup: (String) -> String? = { _ in nil }
    ) throws(DotEnvError) -> [(key: String, value: String)] {
        var values = OrderedValues()
        try parse(text, into: &values, lookup: lookup, inheritFromParsed: false)
        return values.pairs
    }

    /// ``parse(_:lookup:)`` as ``DotEnvEntry`` values.
    @_spi(Testing) public static func entries(
        _ text: String,
        lookup: (String) -> String? = { _ in nil }
    ) throws(DotEnvError) -> [DotEnvEntry] {
        try parse(text, lookup: lookup).map { DotEnvEntry(key: $0.key, value: $0.value) }
    }

    /// Read semantics (compose-go `Read`/`ReadWithLookup`): parse, then drop keys starting with a digit.
    @_spi(Testing) public static func read(
        _ text: String,
        lookup: (String) -> String? = { _ in nil }
    ) throws(DotEnvError) -> [(key: String, value: String)] {
        try parse(text, lookup: lookup).filter { !startsWithDigit($0.key) }
    }

    /// What Compose does for `.env` / `--env-file` (compose-go `GetEnvFromFile`): the file texts in
    /// order into one map (later wins); expansion and bare `KEY` lines consult `lookup` (the OS
    /// environment) first, then the values read so far from all files. On failure the error's
    /// `fileIndex` names the file.
    public static func environment(
        fromFiles files: [String],
        lookup: (String) -> String?
    ) throws(DotEnvError) -> [String: String] {
        var values = OrderedValues()
        for (index, text) in files.enumerated() {
            do {
                try parse(text, into: &values, lookup: lookup, inheritFromParsed: true)
            } catch {
                var located = error
                located.fileIndex = index
                throw located
            }
        }
        return values.map
    }

    /// compose-go `Load` for one file: parse without a lookup, then add the values to `environment`
    /// without overwriting variables that already exist (even empty ones).
    @_spi(Testing) public static func load(_ text: String, into environment: [String: String]) throws(DotEnvError)
        -> [String: String]
    {
        var result = environment
        for (key, value) in try parse(text) where result[key] == nil {
            result[key] = value
        }
        return result
    }

    // MARK: - Implementation

    struct OrderedValues {
        var map: [String: String] = [:]
        var order: [String] = []
        mutating func set(_ key: String, _ value: String) {
            if map.updateValue(value, forKey: key) == nil { order.append(key) }
        }
        var pairs: [(key: String, value: String)] {
            order.compactMap { key in map[key].map { (key: key, value: $0) } }
        }
    }

    /// Go's `^\s*\d` (RE2: ASCII whitespace and digits).
    static func startsWithDigit(_ key: String) -> Bool {
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\t", "\n", "\u{0C}", "\r", " ": continue
            case "0"..."9": return true
            default: return false
            }
        }
        return false
    }

    /// compose-go's `isSpace`: blanks but not line breaks.
    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "\t", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}": return true
        default: return false
        }
    }

    /// Go's `unicode.IsSpace`.
    private static func isUnicodeSpace(_ s: Unicode.Scalar) -> Bool {
        s.properties.isWhitespace
    }

    private static func isKeyCharacter(_ s: Unicode.Scalar) -> Bool {
        EnvironmentVariableName.isEnvFileKeyCharacter(s)
    }

    private struct Parser {
        let s: [Unicode.Scalar]
        var line = 1

        func text(_ range: Range<Int>) -> String {
            var out = ""
            out.unicodeScalars.append(contentsOf: s[range])
            return out
        }

        func column(of index: Int) -> Int {
            var i = index
            while i > 0, s[i - 1] != "\n" { i -= 1 }
            return index - i + 1
        }

        func firstLine(from start: Int) -> String {
            let end = s[start...].firstIndex(of: "\n") ?? s.count
            return text(start..<end)
        }

        /// Skips blank space and comment lines, counting newlines; nil at end of input.
        mutating func statementStart(_ from: Int) -> Int? {
            var i = from
            while true {
                while i < s.count, isUnicodeSpace(s[i]) {
                    if s[i] == "\n" { line += 1 }
                    i += 1
                }
                guard i < s.count else { return nil }
                guard s[i] == "#" else { return i }
                guard let newline = s[i...].firstIndex(of: "\n") else { return nil }
                i = newline
            }
        }

        func skipSpace(_ from: Int) -> Int {
            var i = from
            while i < s.count, isSpace(s[i]) { i += 1 }
            return i
        }

        /// `^export\s+` with RE2's ASCII `\s`.
        func exportPrefixEnd(_ at: Int) -> Int? {
            let word: [Unicode.Scalar] = ["e", "x", "p", "o", "r", "t"]
            guard at + word.count < s.count, Array(s[at..<(at + word.count)]) == word else { return nil }
            switch s[at + word.count] {
            case "\t", "\n", "\u{0C}", "\r", " ": return at + word.count
            default: return nil
            }
        }
    }

    private static func parse(
        _ text: String,
        into values: inout OrderedValues,
        lookup: (String) -> String?,
        inheritFromParsed: Bool
    ) throws(DotEnvError) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var p = Parser(s: scalars)
        var position = 0
        while let start = p.statementStart(position) {
            // locateKeyName
            var src = start
            if let afterExport = p.exportPrefixEnd(src) {
                src = p.skipSpace(afterExport)
            }
            guard src < scalars.count else {
                throw DotEnvError(message: "zero length string", line: p.line, column: p.column(of: start))
            }
            var keyEnd: Int?
            var inherited = false
            var i = src
            scan: while i < scalars.count {
                let r = scalars[i]
                if isSpace(r) {
                    i += 1
                    continue
                }
                switch r {
                case "=", ":", "\n":
                    keyEnd = i
                    inherited = r == "\n"
                    break scan
                default:
                    guard isKeyCharacter(r) else {
                        var character = ""
                        character.unicodeScalars.append(r)
                        throw DotEnvError(
                            message:
                                "line \(p.line): unexpected character \(GoQuote.quote(character)) in variable name \(GoQuote.quote(p.firstLine(from: src)))",
                            line: p.line, column: p.column(of: i))
                    }
                }
                i += 1
            }
            let rawKey = keyEnd.map { p.text(src..<$0) } ?? ""
            let offset = keyEnd.map { $0 + 1 } ?? src
            if inherited && !rawKey.contains(" ") { p.line += 1 }
            let key = trimRight(rawKey)
            let valueStart = p.skipSpace(offset)
            if key.contains(" ") {
                throw DotEnvError(
                    message: "line \(p.line): key cannot contain a space", line: p.line, column: p.column(of: src))
            }
            if inherited {
                if let value = lookup(key) ?? (inheritFromParsed ? values.map[key] : nil) {
                    values.set(key, value)
                }
                position = valueStart
                continue
            }
            let expansionLookup: (String) -> String? = { [values] name in lookup(name) ?? values.map[name] }
            let (value, rest) = try extractValue(&p, from: valueStart, lookup: expansionLookup)
            values.set(key, value)
            position = rest
        }
    }

    private static func trimRight(_ s: String) -> String {
        var scalars = Array(s.unicodeScalars)
        while let last = scalars.last, isUnicodeSpace(last) { scalars.removeLast() }
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars)
        return out
    }

    private static func extractValue(
        _ p: inout Parser,
        from start: Int,
        lookup: (String) -> String?
    ) throws(DotEnvError) -> (String, Int) {
        let s = p.s
        let startLine = p.line
        let quote: Unicode.Scalar? = start < s.count && (s[start] == "\"" || s[start] == "'") ? s[start] : nil
        guard let quote else {
            let newline = s[start...].firstIndex(of: "\n")
            let end = newline ?? s.count
            p.line += 1
            var value = Array(s[start..<end])
            if let hash = (0..<value.count).first(where: {
                value[$0] == " " && $0 + 1 < value.count && value[$0 + 1] == "#"
            }) {
                value.removeSubrange(hash...)
            }
            while let last = value.last, isUnicodeSpace(last) { value.removeLast() }
            var raw = ""
            raw.unicodeScalars.append(contentsOf: value)
            let expanded = try expand(raw, lookup: lookup, line: startLine, column: p.column(of: start))
            return (expanded, newline.map { $0 + 1 } ?? s.count)
        }
        var previousIsEscape = false
        var chars: [Unicode.Scalar] = []
        var i = start + 1
        while i < s.count {
            let c = s[i]
            if c == "\n" { p.line += 1 }
            if c != quote {
                if !previousIsEscape && c == "\\" {
                    previousIsEscape = true
                } else {
                    if previousIsEscape {
                        previousIsEscape = false
                        chars.append("\\")
                    }
                    chars.append(c)
                }
                i += 1
                continue
            }
            if previousIsEscape {
                previousIsEscape = false
                chars.append(c)
                i += 1
                continue
            }
            var value = ""
            value.unicodeScalars.append(contentsOf: chars)
            if quote == "\"" {
                value = try expand(expandEscapes(value), lookup: lookup, line: startLine, column: p.column(of: start))
            }
            return (value, i + 1)
        }
        throw DotEnvError(
            message: "line \(p.line): unterminated quoted value \(p.firstLine(from: start))",
            line: p.line, column: p.column(of: start))
    }

    private static func expand(
        _ value: String,
        lookup: (String) -> String?,
        line: Int,
        column: Int
    ) throws(DotEnvError) -> String {
        do {
            return try Interpolation.substitute(value, lookup: lookup).value
        } catch {
            throw DotEnvError(message: error.message, line: line, column: column)
        }
    }

    /// Decodes the escapes compose-go honours inside double quotes. `\$` becomes `$$` so that the
    /// following expansion yields a literal `$`; unsupported escapes are kept as written.
    static func expandEscapes(_ value: String) -> String {
        let s = Array(value.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            guard s[i] == "\\", i + 1 < s.count else {
                out.append(s[i])
                i += 1
                continue
            }
            let c = s[i + 1]
            switch c {
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "\\": out.append("\\")
            case "\"": out.append("\"")
            case "c": out.append(contentsOf: ["\\", "c"])
            case "$": out.append(contentsOf: ["$", "$"])
            case "0":
                var digits: [Unicode.Scalar] = []
                var j = i + 2
                while j < s.count, digits.count < 3, ("0"..."9").contains(s[j]) {
                    digits.append(s[j])
                    j += 1
                }
                if digits.count == 3, digits.allSatisfy({ ("0"..."7").contains($0) }),
                    let code = UInt32(String(String.UnicodeScalarView(digits)), radix: 8), code <= 255,
                    let scalar = Unicode.Scalar(code)
                {
                    out.append(scalar)
                } else {
                    // Go strips the `0` and keeps the stripped text when decoding fails.
                    out.append("\\")
                    out.append(contentsOf: digits)
                }
                i = j
                continue
            default:
                out.append("\\")
                i += 1
                continue
            }
            i += 2
        }
        return String(out)
    }
}
