import YAML

/// The merged project as loading leaves it: one flat YAML store (``YAMLDocument``), with the values
/// interpolation gave the scalars that contain `$`. The store keeps the text as written, so `wrap`
/// can write `${API_KEY}` back instead of the secret it stands for.
///
/// This is the project's only document representation: rules and writers read the store through
/// these accessors, which see interpolated values.
public struct ComposeDocument: Sendable {
    /// The nodes.
    public let store: YAMLDocument
    /// The top-level mapping; nil for a project built by hand.
    public let root: YAMLNodeID?
    /// Values of interpolated scalars (only those whose value differs from the store's text).
    public let substitutions: [YAMLNodeID: String]
    /// The interned name of each of the store's sources, for locations.
    private let fileIDs: [SourceFileNames.ID]

    public init(store: YAMLDocument, root: YAMLNodeID?, substitutions: [YAMLNodeID: String] = [:]) {
        self.store = store
        self.root = root
        self.substitutions = substitutions
        fileIDs = store.sources.map(SourceFileNames.id(for:))
    }

    /// A document with no nodes, for projects built by hand.
    public static let empty = ComposeDocument(
        store: YAMLDocumentBuilder().document(), root: nil)

    // MARK: - Reading

    public func kind(of node: YAMLNodeID) -> YAMLNodeKind { store.kind(of: node) }

    /// A scalar's value as text, after interpolation; "" for collections.
    public func text(of node: YAMLNodeID) -> String {
        if !substitutions.isEmpty, let value = substitutions[node] { return value }
        return store.text(of: node)
    }

    /// A scalar's text as the file has it, before interpolation (`${API_KEY}`, `$$`).
    public func writtenText(of node: YAMLNodeID) -> String {
        store.originalText(of: node) ?? store.text(of: node)
    }

    /// Whether interpolation changed the scalar's value.
    public func isInterpolated(_ node: YAMLNodeID) -> Bool {
        substitutions[node] != nil || store.originalText(of: node) != nil
    }

    /// A scalar's value under go-yaml's rules; an interpolated scalar is always a string (Compose
    /// casts no `models:` field).
    public func value(of node: YAMLNodeID) -> YAMLScalarValue {
        if !substitutions.isEmpty, let value = substitutions[node] { return .string(value) }
        return store.value(of: node)
    }

    /// The scalar's text when it is a string.
    public func string(of node: YAMLNodeID) -> String? {
        guard store.kind(of: node) == .scalar, case .string(let text) = value(of: node) else { return nil }
        return text
    }

    /// Whether the node is a null scalar (`~`, `null`, or nothing).
    public func isNull(_ node: YAMLNodeID) -> Bool {
        store.kind(of: node) == .scalar && value(of: node) == .null
    }

    /// A mapping's pairs in order (merges applied); [] for anything else.
    public func entries(of node: YAMLNodeID) -> [(key: YAMLNodeID, value: YAMLNodeID)] {
        store.entries(of: node)
    }

    /// A mapping's pairs whose keys are scalars, with the key's text.
    public func namedEntries(of node: YAMLNodeID) -> [(name: String, key: YAMLNodeID, value: YAMLNodeID)] {
        store.entries(of: node).compactMap { pair in
            store.kind(of: pair.key) == .scalar ? (store.text(of: pair.key), pair.key, pair.value) : nil
        }
    }

    /// A sequence's items; [] for anything else.
    public func items(of node: YAMLNodeID) -> [YAMLNodeID] { store.items(of: node) }

    /// The value under the scalar key `key` of a mapping.
    public func lookup(_ key: String, in node: YAMLNodeID) -> YAMLNodeID? { store.lookup(key, in: node) }

    /// The value at a path of mapping keys from the root (`["services", "web", "image"]`).
    public func node(at path: [String]) -> YAMLNodeID? {
        guard var node = root else { return nil }
        for key in path {
            guard let next = store.lookup(key, in: node) else { return nil }
            node = next
        }
        return node
    }

    /// Where the node is written.
    public func location(of node: YAMLNodeID) -> SourceLocation {
        let mark = store.mark(of: node)
        return SourceLocation(fileID: fileIDs[store.sourceIndex(of: node)], line: mark.line, column: mark.column)
    }

    /// A short name for the node's type, for messages ("a string", "a list", "an integer" ...).
    public func typeDescription(of node: YAMLNodeID) -> String {
        switch store.kind(of: node) {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar: return Self.typeDescription(of: value(of: node))
        }
    }

    /// The type of a scalar value, for messages.
    public static func typeDescription(of value: YAMLScalarValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        }
    }

    /// ``typeDescription(of:)`` with the scalar's text, for scalars that are not null (resolving
    /// the scalar once: a 10 MB number takes a while).
    public func describe(_ node: YAMLNodeID) -> String {
        guard store.kind(of: node) == .scalar else { return typeDescription(of: node) }
        let value = value(of: node)
        guard value != .null else { return "null" }
        return "\(Self.typeDescription(of: value)) (\(text(of: node)))"
    }

    /// Names an `environment:`-style value sets (a `NAME=value` list, or a mapping), each with
    /// where it is written, in order.
    public func keyedNames(of node: YAMLNodeID) -> [(name: String, location: SourceLocation)] {
        switch store.kind(of: node) {
        case .mapping:
            return namedEntries(of: node).map { ($0.name, location(of: $0.key)) }
        case .sequence:
            return items(of: node).compactMap { item in
                guard store.kind(of: item) == .scalar, !isNull(item) else { return nil }
                let text = text(of: item)
                let name = text.firstIndex(of: "=").map { String(text[..<$0]) } ?? text
                return name.isEmpty ? nil : (name, location(of: item))
            }
        case .scalar:
            return []
        }
    }
}
