/// Small helpers for model keys and "did you mean" hints.
enum ModelHints {
    /// Compose's model key pattern `^[a-zA-Z0-9._-]+$`.
    static func isValidModelKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }

    /// The hint for a binding to an undefined model: the closest defined key, or the list.
    static func undefinedModel(_ key: String, defined: [String]) -> String {
        if let closest = closest(key, in: defined) {
            return "Did you mean \"\(closest)\"? Otherwise define it under top-level `models:`."
        }
        if defined.isEmpty { return "Define it under a top-level `models:` key with `model: <reference>`." }
        return "Define it under top-level `models:` (defined: \(defined.joined(separator: ", ")))."
    }

    /// The candidate nearest to `word` by edit distance, when it is close enough to be a typo.
    static func closest<S: Sequence<String>>(_ word: String, in candidates: S) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word, candidate)
            if distance <= max(1, min(word.count, candidate.count) / 3), distance < (best?.1 ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// Edit distance over Unicode scalars counting a swap of neighbours as one edit
    /// (optimal string alignment), so `modle` is one edit from `model`.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: right.count + 1), count: left.count + 1)
        for i in 0...left.count { table[i][0] = i }
        for j in 0...right.count { table[0][j] = j }
        for i in 1...left.count {
            for j in 1...right.count {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, left[i - 1] == right[j - 2], left[i - 2] == right[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[left.count][right.count]
    }
}
