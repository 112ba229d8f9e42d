/// Percent-encoding (RFC 3986) and trimming, for URLs modelbind builds.
package enum PercentEncoding {
    /// Characters besides RFC 3986 unreserved ones that may stay literal in a path: model references
    /// keep their slashes, colons and `@` (`/models/docker.io/ai/smollm2:latest`).
    package static let pathKeeps = "/:@!$&'()*+,;="
    /// Characters besides unreserved ones that may stay literal in a query value.
    package static let queryValueKeeps = "/:@!$'()*,;"

    /// Percent-encodes every byte that is neither unreserved nor in `keeping`.
    package static func encode(_ text: String, keeping: String) -> String {
        let kept = Set(keeping.utf8)
        var out = ""
        for byte in text.utf8 {
            if isUnreserved(byte) || kept.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hexPair(byte)
            }
        }
        return out
    }

    /// The text without leading and trailing ASCII whitespace.
    package static func trim(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else {
            return ""
        }
        return String(text[first...last])
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexPair(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
