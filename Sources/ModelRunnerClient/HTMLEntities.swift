/// Undoes the escaping DMR applies to `text/plain` pull streams (Go's `html.EscapeString`).
///
/// Handles the five entities `EscapeString` produces (`&lt;` `&gt;` `&amp;` `&#39;` `&#34;`), their
/// named twins `&quot;` and `&apos;`, and decimal or hex numeric references (`&#233;`, `&#xE9;`), with or
/// without the closing `;` for numeric ones, as Go's `UnescapeString` does. Anything else is left as is.
public enum HTMLEntities {
    /// The text with HTML entities replaced by the characters they stand for.
    public static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let (replacement, length) = entity(in: bytes, at: index) {
                out.append(contentsOf: replacement)
                index += length
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let named: [(name: [UInt8], value: [UInt8])] = [
        ("lt;", "<"), ("gt;", ">"), ("amp;", "&"), ("quot;", "\""), ("apos;", "'"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// The decoded bytes and the length consumed for the entity starting at `start` (an `&`).
    private static func entity(in bytes: [UInt8], at start: Int) -> ([UInt8], Int)? {
        let next = start + 1
        guard next < bytes.count else { return nil }
        if bytes[next] == UInt8(ascii: "#") {
            return numeric(in: bytes, at: start)
        }
        for (name, value) in named where bytes.count - next >= name.count {
            if Array(bytes[next..<next + name.count]) == name {
                return (value, 1 + name.count)
            }
        }
        return nil
    }

    private static func numeric(in bytes: [UInt8], at start: Int) -> ([UInt8], Int)? {
        var index = start + 2
        var radix: UInt32 = 10
        if index < bytes.count, bytes[index] == UInt8(ascii: "x") || bytes[index] == UInt8(ascii: "X") {
            radix = 16
            index += 1
        }
        let digitsStart = index
        var value: UInt32 = 0
        while index < bytes.count, let digit = digitValue(bytes[index], radix: radix) {
            // Saturate: anything past the Unicode range becomes U+FFFD below.
            value = value > 0x10FFFF ? value : value * radix + digit
            index += 1
        }
        guard index > digitsStart else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ";") { index += 1 }
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        let decoded = value == 0 ? "\u{FFFD}" : String(Character(scalar))
        return (Array(decoded.utf8), index - start)
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
