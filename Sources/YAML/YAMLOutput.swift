/// A small tree to emit as YAML with ``YAMLWriter``.
public indirect enum YAMLOutput: Sendable, Equatable {
    /// A string: written plain when no YAML 1.1 or 1.2 reader could take it for anything else,
    /// otherwise quoted; multi-line strings use literal style (`|`) when it can carry them exactly.
    case string(String)
    /// Text written exactly as a plain scalar, for numbers, booleans and null the caller means as such.
    case plain(String)
    /// A block sequence.
    case sequence([YAMLOutput])
    /// A block mapping; keys are strings, kept in the given order.
    case mapping([(String, YAMLOutput)])
    /// A node with an explicit tag, such as `!reset` or `!override`.
    case tagged(String, YAMLOutput)

    /// Structural equality (mapping order matters).
    public static func == (lhs: YAMLOutput, rhs: YAMLOutput) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.plain(let a), .plain(let b)): return a == b
        case (.sequence(let a), .sequence(let b)): return a == b
        case (.mapping(let a), .mapping(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.tagged(let tagA, let a), .tagged(let tagB, let b)): return tagA == tagB && a == b
        default: return false
        }
    }
}
