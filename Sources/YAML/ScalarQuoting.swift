/// Chooses how the writer emits a string so that YAML 1.1 and YAML 1.2 readers both read it back
/// as exactly that string.
enum ScalarQuoting {
    enum Style {
        case plain
        case doubleQuoted
        case literal
    }

    /// The style for a string in value position (`allowLiteral`) or key position.
    static func style(for text: String, allowLiteral: Bool) -> Style {
        if text.utf8.contains(UInt8(ascii: "\n")) {
            return allowLiteral && literalCanCarry(text) ? .literal : .doubleQuoted
        }
        return isPlainSafe(text) ? .plain : .doubleQuoted
    }

    /// Words some YAML reader (1.1 or 1.2) resolves to a bool, null, or a special key.
    private static let reservedWords: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF",
        "true", "True", "TRUE", "false", "False", "FALSE",
        "null", "Null", "NULL", "~", "<<", "=",
    ]

    /// Whether `text` can be written as a plain scalar and read back unchanged as a string.
    static func isPlainSafe(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last else { return false }
        guard text.unicodeScalars.allSatisfy(isPlainCharacter) else { return false }
        if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return false }
        if Array("?:,[]{}#&*!|>'\"%@`".utf8).contains(first) { return false }
        if first == UInt8(ascii: "-"), bytes.count == 1 || bytes[1] == UInt8(ascii: " ") { return false }
        if bytes.starts(with: Array("---".utf8)) || bytes.starts(with: Array("...".utf8)) { return false }
        if last == UInt8(ascii: ":") || text.contains(": ") || text.contains(" #") { return false }
        if reservedWords.contains(text) { return false }
        if ScalarResolver.resolvePlain(bytes[...]) != nil { return false }
        if looksNumeric(bytes) || looksLikeDate(bytes) { return false }
        return true
    }

    /// A conservative superset of YAML 1.1 and 1.2 numbers: ints in any base, floats, sexagesimal
    /// (`22:22`, `1:20:30`), underscores; also catches harmless look-alikes such as `1.2.3`.
    private static func looksNumeric(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest = rest.dropFirst() }
        guard let first = rest.first else { return false }
        if first == UInt8(ascii: ".") {
            guard rest.count > 1 else { return false }
            let second = rest[rest.startIndex + 1]
            guard ScalarResolver.isDigit(second) || second == UInt8(ascii: "_") else { return false }
        } else if !ScalarResolver.isDigit(first) {
            return false
        }
        if rest.contains(UInt8(ascii: ":")) { return isSexagesimal(rest) }
        let allowed = Array("0123456789_.+-xXoOabcdefABCDEF".utf8)
        return rest.allSatisfy { allowed.contains($0) }
    }

    /// YAML 1.1 base 60: `[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?` (after the sign).
    private static func isSexagesimal(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard let head = parts.first, let first = head.first, ScalarResolver.isDigit(first),
            head.allSatisfy({ ScalarResolver.isDigit($0) || $0 == UInt8(ascii: "_") })
        else { return false }
        for (index, part) in parts.dropFirst().enumerated() {
            var segment = part
            if index == parts.count - 2, let dot = part.firstIndex(of: UInt8(ascii: ".")) {
                guard part[(dot + 1)...].allSatisfy({ ScalarResolver.isDigit($0) || $0 == UInt8(ascii: "_") })
                else { return false }
                segment = part[..<dot]
            }
            guard segment.count == 1 || segment.count == 2, segment.allSatisfy(ScalarResolver.isDigit) else {
                return false
            }
            if segment.count == 2, segment[segment.startIndex] > UInt8(ascii: "5") { return false }
        }
        return true
    }

    /// `YYYY-...`: a timestamp in YAML 1.1 and in go-yaml.
    private static func looksLikeDate(_ bytes: [UInt8]) -> Bool {
        bytes.count > 5 && bytes[0..<4].allSatisfy(ScalarResolver.isDigit) && bytes[4] == UInt8(ascii: "-")
    }

    /// Printable characters libyaml writes as-is (no tabs, breaks, controls, BOM or line separators).
    private static func isPlainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: return true
        case 0xA0...0xD7FF, 0xE000...0xFFFD: return scalar.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Literal style reproduces the text exactly only with printable characters, no spaces or tabs
    /// at the end of a line, and no space at the start of the first line.
    private static func literalCanCarry(_ text: String) -> Bool {
        var previous: Unicode.Scalar = "\n"
        var isFirst = true
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if previous == " " { return false }
            } else if !isPlainCharacter(scalar) {
                return false
            }
            if isFirst && scalar == " " { return false }
            isFirst = false
            previous = scalar
        }
        return previous != " "
    }
}
