import ComposeModel
import YAML

/// One YAML document of a compose file, ready to merge: its store, and the values interpolation
/// gives its scalars (those whose value changes).
struct ScannedDocument {
    var store: YAMLDocument
    var root: YAMLNodeID
    var substitutions: [YAMLNodeID: String]
    /// Whether some node carries `!reset` or `!override` (otherwise merging has nothing to strip).
    var hasMergeTags: Bool
}

/// What compose-go does to a file's document before merging it, in one walk over the store:
/// every mapping key must be a string (`non-string key in models: 123`), and every scalar value
/// (keys are not) is interpolated with the file's environment. Each node is visited once, however
/// many aliases reach it, and the walk keeps its own stack, so no depth overflows it.
struct DocumentScan {
    let lookup: @Sendable (String) -> String?
    private(set) var errors: [Diagnostic] = []
    /// Each variable read while unset, at its first use, in document order.
    private(set) var unsetVariables: [(name: String, location: SourceLocation)] = []
    private var seenUnset: Set<String> = []

    init(lookup: @escaping @Sendable (String) -> String?) {
        self.lookup = lookup
    }

    mutating func scan(_ store: YAMLDocument, root: YAMLNodeID) -> ScannedDocument {
        let document = ComposeDocument(store: store, root: root)
        var substitutions: [YAMLNodeID: String] = [:]
        var hasMergeTags = false
        var visited = [UInt64](repeating: 0, count: (store.nodeCount + 63) / 64)
        // Parents of the mappings' values being visited, for the paths in messages: (parent, key).
        var parents: [(parent: Int, key: YAMLNodeID)] = []
        var pending: [(node: YAMLNodeID, parent: Int)] = [(root, -1)]
        while let (node, parent) = pending.popLast() {
            let index = Int(node.index)
            if visited[index >> 6] & (1 << UInt64(index & 63)) != 0 { continue }
            visited[index >> 6] |= 1 << UInt64(index & 63)
            if let tag = store.tag(of: node), tag == "!reset" || tag == "!override" { hasMergeTags = true }
            switch store.kind(of: node) {
            case .scalar:
                if store.scalarContains(UInt8(ascii: "$"), node),
                    let value = interpolate(node, in: document)
                {
                    substitutions[node] = value
                }
            case .sequence:
                for item in store.items(of: node).reversed() { pending.append((item, parent)) }
            case .mapping:
                let pairs = store.entries(of: node)
                for pair in pairs.reversed() {
                    guard checkKey(pair.key, in: document, parents: parents, parent: parent) else { continue }
                    parents.append((parent, pair.key))
                    pending.append((pair.value, parents.count - 1))
                }
            }
        }
        return ScannedDocument(store: store, root: root, substitutions: substitutions, hasMergeTags: hasMergeTags)
    }

    /// The path of keys down to a value, as compose-go writes it (`services.app.models`).
    private func path(_ parents: [(parent: Int, key: YAMLNodeID)], from parent: Int, in store: YAMLDocument)
        -> String
    {
        var keys: [String] = []
        var current = parent
        while current >= 0 {
            keys.append(store.text(of: parents[current].key))
            current = parents[current].parent
        }
        return keys.reversed().joined(separator: ".")
    }

    /// Whether the key is a string; reports it otherwise.
    private mutating func checkKey(
        _ key: YAMLNodeID, in document: ComposeDocument, parents: [(parent: Int, key: YAMLNodeID)], parent: Int
    ) -> Bool {
        let store = document.store
        if store.kind(of: key) != .scalar {
            errors.append(
                Diagnostic(
                    Rule.yamlSyntax, "a mapping key must be a scalar, not \(document.typeDescription(of: key))",
                    hint: "Use a plain string as the key.", at: document.location(of: key)))
            return false
        }
        if case .string = store.value(of: key) { return true }
        let inPath = parent < 0 ? "" : " in \(path(parents, from: parent, in: store))"
        errors.append(
            Diagnostic(
                Rule.structure,
                "the key \(store.text(of: key)) is \(document.typeDescription(of: key)), not a string; "
                    + "Compose refuses it: non-string key\(inPath): \(store.text(of: key))",
                hint: "Quote the key: \"\(store.text(of: key))\".", at: document.location(of: key)))
        return false
    }

    /// The value the scalar interpolates to, when it differs from its text; nil when it stays what
    /// it is.
    private mutating func interpolate(_ node: YAMLNodeID, in document: ComposeDocument) -> String? {
        let store = document.store
        let text = store.text(of: node)
        do {
            let result = try Interpolation.substitute(text, lookup: lookup)
            if !result.unsetVariables.isEmpty {
                let location = document.location(of: node)
                for name in result.unsetVariables where seenUnset.insert(name).inserted {
                    unsetVariables.append((name, location))
                }
            }
            return result.value != text ? result.value : nil
        } catch {
            errors.append(
                Diagnostic(
                    Rule.interpolation, error.message,
                    hint: error.kind == .invalidTemplate
                        ? "Write a literal '$' as '$$'; variables are ${NAME}, ${NAME:-default}, ${NAME:?message}."
                        : "Set the variable in the environment or in .env (or pass --env-file).",
                    at: document.location(of: node)))
            return nil
        }
    }
}
