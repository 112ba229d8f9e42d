/// A collection's direct children in document order, read in place from the node store: a
/// sequence's items, or a mapping's keys and values alternating (key, value, key, value, ...),
/// with `<<` merges applied. Empty for scalars. See ``YAMLDocument/childNodes(of:)``.
public struct YAMLChildren: RandomAccessCollection, Sendable {
    @usableFromInline let ids: ArraySlice<Int32>

    @inlinable
    init(ids: ArraySlice<Int32>) {
        self.ids = ids
    }

    @inlinable public var startIndex: Int { ids.startIndex }
    @inlinable public var endIndex: Int { ids.endIndex }

    @inlinable public subscript(position: Int) -> YAMLNodeID { YAMLNodeID(ids[position]) }
}

extension YAMLDocument {
    /// The node's direct children without copying them (see ``YAMLChildren``).
    @inlinable
    public func childNodes(of node: YAMLNodeID) -> YAMLChildren {
        let record = nodes[Int(node.index)]
        guard record.kind != Node.scalar else { return YAMLChildren(ids: []) }
        let start = Int(record.start)
        return YAMLChildren(ids: children[start..<start + Int(record.count)])
    }
}
