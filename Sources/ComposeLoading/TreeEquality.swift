import ComposeModel
import YAML

/// Whether two Compose trees hold the same values, as compose-go compares an included resource with
/// one of the same name (`reflect.DeepEqual` of the decoded, interpolated maps): mappings whatever
/// their key order, lists in order, scalars by type and value. Iterative.
enum TreeEquality {
    static func equal(_ a: ComposeDocument, _ left: YAMLNodeID, _ b: ComposeDocument, _ right: YAMLNodeID) -> Bool {
        var pending: [(YAMLNodeID, YAMLNodeID)] = [(left, right)]
        while let (x, y) = pending.popLast() {
            switch (a.kind(of: x), b.kind(of: y)) {
            case (.scalar, .scalar):
                guard a.value(of: x) == b.value(of: y) else { return false }
            case (.sequence, .sequence):
                let xs = a.items(of: x)
                let ys = b.items(of: y)
                guard xs.count == ys.count else { return false }
                pending.append(contentsOf: zip(xs, ys))
            case (.mapping, .mapping):
                let xs = a.namedEntries(of: x)
                var ys: [String: YAMLNodeID] = [:]
                for entry in b.namedEntries(of: y) { ys[entry.name] = entry.value }
                guard xs.count == ys.count else { return false }
                for entry in xs {
                    guard let other = ys[entry.name] else { return false }
                    pending.append((entry.value, other))
                }
            default:
                return false
            }
        }
        return true
    }
}
