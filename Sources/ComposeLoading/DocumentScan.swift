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
    /// Nulls where Compose's schema wants a value: errors when the document comes first in its
    /// merge (a later file's null keeps the value before it).
    var nullFindings: [Diagnostic] = []
}

/// What compose-go does to a file's document before merging it, in one walk over the store:
/// every mapping key must be a string (`non-string key in models: 123`), and every scalar value
/// (keys are not) is interpolated with the file's environment. Each node is visited once, however
/// many aliases reach it, and the walk keeps its own stack, so no depth overflows it.
struct DocumentScan {
    let lookup: @Sendable (String) -> String?
    private(set) var errors: [Diagnostic] = []
    /// Nulls where Compose's schema wants a value, of the document scanned last.
    private var nullFindings: [Diagnostic] = []
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
                    if store.isNull(pair.value) {
                        checkNull(pair.value, key: pair.key, in: document, parents: parents, parent: parent)
                    }
                    parents.append((parent, pair.key))
                    pending.append((pair.value, parents.count - 1))
                }
            }
        }
        defer { nullFindings = [] }
        return ScannedDocument(
            store: store, root: root, substitutions: substitutions, hasMergeTags: hasMergeTags,
            nullFindings: nullFindings)
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

    /// A null where Compose's schema wants a value, among the fields modelbind reads. compose-go
    /// validates the project merged so far after each file, and a null in a later file keeps the
    /// value before it, so only the first file's nulls are errors whatever follows
    /// (``ScannedDocument/nullFindings``); ProjectBuilder checks the merged result for the others.
    private mutating func checkNull(
        _ value: YAMLNodeID, key: YAMLNodeID, in document: ComposeDocument,
        parents: [(parent: Int, key: YAMLNodeID)], parent: Int
    ) {
        let store = document.store
        var keys = [store.text(of: key)]
        var current = parent
        while current >= 0, keys.count <= 5 {
            keys.append(store.text(of: parents[current].key))
            current = parents[current].parent
        }
        guard current < 0 else { return }
        keys.reverse()
        if let finding = Self.nullDiagnostic(keys, value: value, key: key, in: document) {
            nullFindings.append(finding)
        }
    }

    /// The finding for a null at `keys` where Compose's schema wants a value, if it does.
    static func nullDiagnostic(_ keys: [String], value: YAMLNodeID, key: YAMLNodeID, in document: ComposeDocument)
        -> Diagnostic?
    {
        guard let (rule, type, subject) = nullProblem(keys) else { return nil }
        let path = keys.joined(separator: ".")
        return Diagnostic(
            rule, "\(subject) is null; Compose refuses it (\(path) must be a \(type))",
            hint: type == "mapping"
                ? "Give it its settings indented under it, or remove it."
                : "Give it a value, or remove the key.",
            at: document.location(of: document.store.text(of: value).isEmpty ? key : value))
    }

    /// The rule, the type Compose's schema wants and how to name the field, for a null at `keys`.
    static func nullProblem(_ keys: [String]) -> (Rule, String, String)? {
        switch (keys.count, keys[0]) {
        case (1, "services"), (1, "models"):
            return (Rule.structure, "mapping", "`\(keys[0])`")
        case (2, "services") where !keys[1].hasPrefix("x-"):
            return (Rule.structure, "mapping", "service \"\(keys[1])\"")
        case (2, "models") where !keys[1].hasPrefix("x-"):
            return (Rule.modelMissingModel, "mapping", "model \"\(keys[1])\"")
        case (3, "services"):
            let subject = "`\(keys[2])` of service \"\(keys[1])\""
            switch keys[2] {
            case "models": return (Rule.serviceModelsShape, "array", subject)
            case "profiles", "depends_on": return (Rule.structure, "array", subject)
            case "env_file": return (Rule.structure, "string", subject)
            default: return nil
            }
        case (3, "models") where !keys[1].hasPrefix("x-"):
            let subject = "`\(keys[2])` of \"\(keys[1])\""
            switch keys[2] {
            case "model": return (Rule.modelMissingModel, "string", subject)
            case "name": return (Rule.modelNameType, "string", subject)
            case "context_size": return (Rule.modelContextSize, "integer", subject)
            case "runtime_flags": return (Rule.modelRuntimeFlagsType, "array", subject)
            default: return nil
            }
        case (5, "services") where keys[2] == "models" && (keys[4] == "endpoint_var" || keys[4] == "model_var"):
            return (
                Rule.serviceModelsShape, "string",
                "`\(keys[4])` of service \"\(keys[1])\"'s binding of \"\(keys[3])\""
            )
        default:
            return nil
        }
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
