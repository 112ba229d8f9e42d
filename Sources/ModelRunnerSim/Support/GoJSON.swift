/// Writes JSON text byte-for-byte the way Go's `encoding/json` marshals it.
///
/// Go escapes `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`, escapes U+2028 and U+2029, writes `\b` and `\f`
/// (Go 1.22+), other control characters as `\u00XX`, and keeps struct fields in declaration order. Values are
/// composed from already-encoded fragments so callers control the field order.
enum GoJSON {
    /// A JSON string literal, escaped as Go does.
    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + hexByte(UInt8(scalar.value))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// An object from already-encoded member values, in the given order.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// An array from already-encoded elements.
    static func array(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ",") + "]"
    }

    /// An array of strings (`null` when `nil`, as Go marshals a nil slice).
    static func stringArray(_ values: [String]?) -> String {
        guard let values else { return "null" }
        return array(values.map(string))
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
