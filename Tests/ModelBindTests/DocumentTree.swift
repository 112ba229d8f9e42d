import ComposeModel
import YAML

/// A node of a ``ComposeDocument`` read like a tree, for tests: `project.document["services"]?["web"]`.
struct Tree: Equatable {
    let document: ComposeDocument
    let node: YAMLNodeID

    static func == (lhs: Tree, rhs: Tree) -> Bool { lhs.node == rhs.node }

    subscript(key: String) -> Tree? {
        document.lookup(key, in: node).map { Tree(document: document, node: $0) }
    }

    /// The value, when it is a string.
    var string: String? { document.string(of: node) }
    /// A scalar's text after interpolation.
    var text: String { document.text(of: node) }
    /// A mapping's keys in order; nil for anything else.
    var keys: [String]? { document.kind(of: node) == .mapping ? document.namedEntries(of: node).map(\.name) : nil }
    /// A sequence's items; nil for anything else.
    var items: [Tree]? {
        document.kind(of: node) == .sequence ? document.items(of: node).map { Tree(document: document, node: $0) } : nil
    }
    var location: SourceLocation { document.location(of: node) }
}

extension ComposeDocument {
    subscript(key: String) -> Tree? {
        root.flatMap { root in lookup(key, in: root).map { Tree(document: self, node: $0) } }
    }
}

extension ComposeProject {
    /// The service definition, read as a ``Tree``.
    func serviceTree(_ name: String) -> Tree? {
        service(name).map { Tree(document: document, node: $0) }
    }
}
