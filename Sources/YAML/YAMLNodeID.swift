/// The identity of a node in a ``YAMLDocument``'s flat node store; aliases share their anchor's id.
public struct YAMLNodeID: Sendable, Hashable {
    /// The node's position in the document's node store (nodes are numbered in document order).
    public let index: Int32

    @inlinable
    init(_ index: Int32) {
        self.index = index
    }
}
