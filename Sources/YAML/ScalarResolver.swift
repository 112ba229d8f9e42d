/// Resolves plain scalars the way go-yaml v3 (v3.0.4, the version compose-go uses) does in `resolve.go`.
///
/// Works on raw UTF-8 bytes so that only scalars someone asks about are ever decoded.
enum ScalarResolver {
    /// The resolved value of an untagged plain scalar, or nil when it is a string.
    /// The longest plain scalar resolved as a number.
    static let maxNumberLength = 4_096

    static func resolvePlain(_ bytes: ArraySlice<UInt8>) -> YAMLScalarValue? {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return keyword(bytes)
        case UInt8(ascii: "."):
            if let value = keyword(bytes) { return value }
            return goDotFloat(Array(bytes)).map { .float($0) }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let value = keyword(bytes) { return value }
            // Past this length no int fits 64 bits; a float that long (Go parses it, rounding) is
            // taken as a string instead, so a hostile 10 MB "number" costs nothing to look at.
            guard bytes.count <= Self.maxNumberLength else { return nil }
            return number(Array(bytes))
        default:
            return nil
        }
    }

    /// Resolution for a scalar with an explicit tag (nil when the tag asks for a string or does not fit).
    static func resolveTagged(_ text: ArraySlice<UInt8>, tag: String) -> YAMLScalarValue? {
        let resolved = resolvePlain(text)
        switch tag {
        case "tag:yaml.org,2002:null":
            if case .null = resolved { return .null }
        case "tag:yaml.org,2002:bool":
            if case .bool = resolved { return resolved }
        case "tag:yaml.org,2002:int":
            if case .int = resolved { return resolved }
        case "tag:yaml.org,2002:float":
            switch resolved {
            case .float: return resolved
            case .int(let value): return .float(Double(value))
            default: break
            }
        default:
            break
        }
        return nil
    }

    // MARK: - Keywords (go-yaml's resolve map)

    private static let keywords: [(String, YAMLScalarValue)] = [
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
        (".nan", .float(.nan)), (".NaN", .float(.nan)), (".NAN", .float(.nan)),
        (".inf", .float(.infinity)), (".Inf", .float(.infinity)), (".INF", .float(.infinity)),
        ("+.inf", .float(.infinity)), ("+.Inf", .float(.infinity)), ("+.INF", .float(.infinity)),
        ("-.inf", .float(-.infinity)), ("-.Inf", .float(-.infinity)), ("-.INF", .float(-.infinity)),
    ]

    private static func keyword(_ bytes: ArraySlice<UInt8>) -> YAMLScalarValue? {
        guard bytes.count <= 5, let first = bytes.first else { return nil }
        // Every keyword starts with one of these; most scalars (numbers, `yes`, `on`...) stop here.
        switch first {
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "n"),
            UInt8(ascii: "N"), UInt8(ascii: "~"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
            break
        default:
            return nil
        }
        for (word, value) in keywords where word.utf8.elementsEqual(bytes) {
            return value
        }
        return nil
    }

    // MARK: - Numbers

    /// go-yaml's 'D'/'S' branch: timestamp, then `strconv.ParseInt(s, 0, 64)` without underscores,
    /// then `ParseUint`, then the YAML float pattern, then the `0b`/`0o` fallbacks.
    private static func number(_ bytes: [UInt8]) -> YAMLScalarValue? {
        // Timestamps (`YYYY-...`) resolve to time values in go-yaml; nothing here wants them, and no
        // number starts that way, so they stay strings.
        if bytes.count > 4, bytes[4] == UInt8(ascii: "-"), bytes[0..<4].allSatisfy(isDigit) {
            return nil
        }
        let plain = bytes.filter { $0 != UInt8(ascii: "_") }
        if let value = parseInt(plain[...], base: 0) { return .int(value) }
        if let value = parseUInt(plain[...], base: 0) { return .float(Double(value)) }
        if isYAMLStyleFloat(plain), let value = finiteDouble(plain) { return .float(value) }
        let prefixes: [(String, Int)] = [("0b", 2), ("0o", 8)]
        for (prefix, base) in prefixes {
            if plain.starts(with: prefix.utf8) {
                let rest = plain.dropFirst(2)
                if let value = parseInt(rest, base: base) { return .int(value) }
                if let value = parseUInt(rest, base: base) { return .float(Double(value)) }
            } else if plain.starts(with: ("-" + prefix).utf8) {
                if let value = parseInt([UInt8(ascii: "-")] + plain.dropFirst(3), base: base) {
                    return .int(value)
                }
            }
        }
        return nil
    }

    /// Go's `strconv.ParseInt(s, base, 64)` (underscores already removed).
    static func parseInt(_ bytes: ArraySlice<UInt8>, base: Int) -> Int? {
        var digits = bytes
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard let magnitude = parseUInt(digits, base: base) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int(magnitude)
    }

    /// Go's `strconv.ParseUint(s, base, 64)`; base 0 reads `0x`, `0o`, `0b` and legacy `0` prefixes.
    static func parseUInt(_ bytes: ArraySlice<UInt8>, base: Int) -> UInt64? {
        guard !bytes.isEmpty else { return nil }
        var digits = bytes
        var radix = UInt64(base)
        if base == 0 {
            radix = 10
            if digits.first == UInt8(ascii: "0") {
                let second = digits.count >= 3 ? digits[digits.startIndex + 1] | 0x20 : 0
                switch second {
                case UInt8(ascii: "b"):
                    radix = 2
                    digits = digits.dropFirst(2)
                case UInt8(ascii: "o"):
                    radix = 8
                    digits = digits.dropFirst(2)
                case UInt8(ascii: "x"):
                    radix = 16
                    digits = digits.dropFirst(2)
                default:
                    radix = 8
                    digits = digits.dropFirst(1)
                }
            }
        }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt64(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt64(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < radix else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` (go-yaml's `yamlStyleFloat`).
    static func isYAMLStyleFloat(_ bytes: [UInt8]) -> Bool {
        var index = 0
        let count = bytes.count
        func digits() -> Int {
            let start = index
            while index < count, isDigit(bytes[index]) { index += 1 }
            return index - start
        }
        if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if index < count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == count
    }

    /// go-yaml's '.' branch: Go's `strconv.ParseFloat` on text starting with a dot, where underscores
    /// may separate digits.
    private static func goDotFloat(_ bytes: [UInt8]) -> Double? {
        var index = 1  // past the dot
        let count = bytes.count
        func digitRun() -> Bool {
            guard index < count, isDigit(bytes[index]) else { return false }
            index += 1
            while index < count {
                if isDigit(bytes[index]) {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "_"), index + 1 < count, isDigit(bytes[index + 1]) {
                    index += 2
                } else {
                    break
                }
            }
            return true
        }
        guard digitRun() else { return nil }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digitRun() else { return nil }
        }
        guard index == count else { return nil }
        return finiteDouble(bytes.filter { $0 != UInt8(ascii: "_") })
    }

    /// The value of validated decimal float text; nil when it overflows (Go reports a range error).
    private static func finiteDouble(_ bytes: [UInt8]) -> Double? {
        var text = String(decoding: bytes, as: UTF8.self)
        // Normalise forms some C parsers dislike: "1." and "1.e5".
        if let dot = text.firstIndex(of: ".") {
            let next = text.index(after: dot)
            if next == text.endIndex || !(text[next].isASCII && text[next].isNumber) {
                text.insert("0", at: next)
            }
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
