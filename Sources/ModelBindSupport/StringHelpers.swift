extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    package var trimmingSpaces: SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return self[start..<end]
    }
}

extension String {
    /// The text with every `$` written `$$`, as Compose reads a literal dollar sign, so that a value
    /// survives being interpolated again.
    package var doublingDollars: String {
        guard contains("$") else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 4)
        for character in self {
            result.append(character)
            if character == "$" { result.append("$") }
        }
        return result
    }
}
