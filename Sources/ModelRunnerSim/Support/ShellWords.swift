/// Splits `raw-runtime-flags` the way go-shellwords' `Parse` does for plain flag strings: whitespace separates,
/// single and double quotes group, a backslash escapes the next character.
enum ShellWords {
    /// The words, or `nil` when a quote is left open (DMR: `invalid runtime flags: invalid command line string`).
    static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                inWord = true
                continue
            }
            if character == "\\" && quote != "'" {
                escaped = true
                continue
            }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                inWord = true
                continue
            }
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
                continue
            }
            current.append(character)
            inWord = true
        }
        if quote != nil || escaped { return nil }
        if inWord { words.append(current) }
        return words
    }
}
