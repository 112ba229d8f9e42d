/// A unified diff of two texts, line by line (`diff -u` style, three lines of context), for
/// showing what a `--check` would change. Meant for small files: quadratic in their line counts.
public enum UnifiedDiff {
    /// The diff of `old` to `new` under the names `oldName`/`newName`; "" when they are equal.
    public static func lines(_ old: String, _ new: String, oldName: String, newName: String, context: Int = 3)
        -> [String]
    {
        let a = split(old)
        let b = split(new)
        guard a != b else { return [] }
        // Longest common subsequence table, from the end.
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        enum Edit {
            case same(String)
            case removed(String)
            case added(String)
        }
        var edits: [Edit] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                edits.append(.removed(a[i]))
                i += 1
            } else {
                edits.append(.added(b[j]))
                j += 1
            }
        }
        var output = ["--- \(oldName)", "+++ \(newName)"]
        var index = 0
        var oldLine = 1
        var newLine = 1
        while index < edits.count {
            guard case .same = edits[index] else {
                // A hunk: back up to `context` unchanged lines, run until `2 × context` unchanged ones.
                let start = max(0, index - context)
                var end = index
                var unchanged = 0
                while end < edits.count {
                    if case .same = edits[end] { unchanged += 1 } else { unchanged = 0 }
                    if unchanged > 2 * context { break }
                    end += 1
                }
                end = min(edits.count, end - max(0, unchanged - context))
                let before = edits[start..<index].count
                let hunk = edits[start..<end]
                let oldCount = hunk.filter { if case .added = $0 { false } else { true } }.count
                let newCount = hunk.filter { if case .removed = $0 { false } else { true } }.count
                let oldStart = oldLine - before
                let newStart = newLine - before
                output.append(
                    "@@ -\(oldCount == 0 ? oldStart - 1 : oldStart),\(oldCount) +\(newCount == 0 ? newStart - 1 : newStart),\(newCount) @@"
                )
                for edit in hunk {
                    switch edit {
                    case .same(let line): output.append(" " + line)
                    case .removed(let line): output.append("-" + line)
                    case .added(let line): output.append("+" + line)
                    }
                }
                for edit in edits[index..<end] {
                    switch edit {
                    case .same:
                        oldLine += 1
                        newLine += 1
                    case .removed: oldLine += 1
                    case .added: newLine += 1
                    }
                }
                index = end
                continue
            }
            oldLine += 1
            newLine += 1
            index += 1
        }
        return output
    }

    private static func split(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
