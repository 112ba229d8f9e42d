/// Go's `html.EscapeString`: escapes exactly `<`, `>`, `&`, `'` and `"`.
///
/// DMR passes every chunk of a `text/plain` pull stream through it, so `"` arrives as `&#34;`.
enum HTMLEscaping {
    /// Escapes `text` as Go's `html.EscapeString` does.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "'": out += "&#39;"
            case "\"": out += "&#34;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
