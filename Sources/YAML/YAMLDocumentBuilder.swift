/// Where a node a ``YAMLDocumentBuilder`` adds is said to come from: a file and a 1-based position.
public struct YAMLPosition: Sendable, Hashable {
    public var path: String
    public var mark: YAMLMark

    public init(path: String, mark: YAMLMark) {
        self.path = path
        self.mark = mark
    }
}

/// Assembles a ``YAMLDocument`` that no single file holds (several files merged, say) from new
/// scalars and collections and from nodes of other documents, each keeping the file and position it
/// came from. Collections are opened and closed explicitly, so building never recurses.
public struct YAMLDocumentBuilder {
    private typealias Node = YAMLDocument.Node

    private var nodes: [Node] = []
    private var children: [Int32] = []
    private var arena: [UInt8] = []
    private var tags: [String] = []
    private var tagIndex: [String: Int32] = [:]
    private var nodeTags: [Int32: Int32] = [:]
    private var wideColumns: [Int32: Int32] = [:]
    private var nodeSources: [UInt16] = []
    private var originals: [Int32: Range<Int32>] = [:]
    private var sources: [String] = []
    private var sourceNumbers: [String: UInt16] = [:]
    private var roots: [YAMLNodeID] = []
    /// Children of the open collections, innermost last, until each is closed.
    private var scratch: [Int32] = []
    /// The open collections, innermost last, with where their children start in `scratch`.
    private var open: [(node: Int32, scratchBase: Int)] = []

    public init() {}

    /// How many collections are open.
    public var depth: Int { open.count }

    /// The document built so far; every collection must be closed.
    public func document() -> YAMLDocument {
        precondition(open.isEmpty, "YAMLDocumentBuilder: \(open.count) collection(s) left open")
        let single = sources.count <= 1
        return YAMLDocument(
            sources: sources.isEmpty ? [""] : sources, roots: roots, nodes: nodes, children: children, arena: arena,
            tags: tags, nodeTags: nodeTags, wideColumns: wideColumns, nodeSources: single ? [] : nodeSources,
            originals: originals)
    }

    /// The position of `node` in `document`, for nodes added in its place.
    public static func position(of node: YAMLNodeID, in document: YAMLDocument) -> YAMLPosition {
        YAMLPosition(path: document.path(of: node), mark: document.mark(of: node))
    }

    // MARK: - Adding nodes

    /// Opens a mapping; its keys and values follow, alternating, until ``end()``.
    public mutating func beginMapping(tag: String? = nil, at position: YAMLPosition) {
        beginCollection(kind: Node.mapping, tag: tag, at: position)
    }

    /// Opens a sequence; its items follow until ``end()``.
    public mutating func beginSequence(tag: String? = nil, at position: YAMLPosition) {
        beginCollection(kind: Node.sequence, tag: tag, at: position)
    }

    /// Closes the innermost open collection.
    public mutating func end() {
        guard let (node, base) = open.popLast() else {
            preconditionFailure("YAMLDocumentBuilder: end() with nothing open")
        }
        let start = children.count
        children.append(contentsOf: scratch[base...])
        scratch.removeLast(scratch.count - base)
        var height: UInt8 = 0
        for child in children[start...] { height = max(height, nodes[Int(child)].height) }
        nodes[Int(node)].start = Int32(start)
        nodes[Int(node)].count = Int32(children.count - start)
        nodes[Int(node)].height = start == children.count || height == UInt8.max ? height : height + 1
        add(node)
    }

    /// Adds a scalar. `original` is the text it had before it got this value (see
    /// ``YAMLDocument/originalText(of:)``).
    public mutating func scalar(
        _ value: String, style: YAMLScalarStyle = .plain, tag: String? = nil, original: String? = nil,
        at position: YAMLPosition
    ) {
        let id = appendScalar(Array(value.utf8), style: Self.styleNumber(style), tag: tag, at: position)
        if let original { recordOriginal(id, Array(original.utf8)) }
        add(id)
    }

    /// Adds a copy of scalar `node` of `document`: style, tag (unless `dropTag`), position and
    /// original text kept. With `value`, the copy holds that text instead, as a string, and its
    /// original text is `original`, else the scalar's own.
    public mutating func copyScalar(
        _ node: YAMLNodeID, of document: YAMLDocument, value: String? = nil, original: String? = nil,
        dropTag: Bool = false
    ) {
        let record = document.nodes[Int(node.index)]
        let position = Self.position(of: node, in: document)
        let id: Int32
        if let value {
            id = appendScalar(Array(value.utf8), style: 3, tag: nil, at: position)
            if let original {
                recordOriginal(id, Array(original.utf8))
            } else if let written = document.originals[node.index] {
                recordOriginal(id, Array(document.arena[Int(written.lowerBound)..<Int(written.upperBound)]))
            } else {
                recordOriginal(id, Array(document.bytes(of: node)))
            }
        } else {
            id = appendScalar(
                Array(document.bytes(of: node)), style: record.style, tag: dropTag ? nil : document.tag(of: node),
                at: position)
            if let written = document.originals[node.index] {
                recordOriginal(id, Array(document.arena[Int(written.lowerBound)..<Int(written.upperBound)]))
            }
        }
        add(id)
    }

    /// Adds a copy of the subtree at `node` of `document`; aliases are expanded (each occurrence is
    /// copied). Scalars in `substitutions` get that text as their value (as ``copyScalar(_:of:value:)``).
    public mutating func copy(_ node: YAMLNodeID, of document: YAMLDocument, substitutions: [YAMLNodeID: String] = [:])
    {
        // Each entry: a node to copy, or (index -1) the end of the collection opened before it.
        var pending: [Int32] = [node.index]
        while let index = pending.popLast() {
            guard index >= 0 else {
                end()
                continue
            }
            let id = YAMLNodeID(index)
            let record = document.nodes[Int(index)]
            switch record.kind {
            case Node.scalar:
                copyScalar(id, of: document, value: substitutions[id])
            default:
                beginCollection(
                    kind: record.kind, tag: document.tag(of: id), at: Self.position(of: id, in: document))
                pending.append(-1)
                let start = Int(record.start)
                for child in document.children[start..<start + Int(record.count)].reversed() { pending.append(child) }
            }
        }
    }

    // MARK: - Helpers

    private mutating func beginCollection(kind: UInt8, tag: String?, at position: YAMLPosition) {
        let id = Int32(nodes.count)
        let column = Int32(clamping: position.mark.column)
        nodes.append(
            Node(
                kind: kind, style: 0, isTagged: tag != nil, line: Int32(clamping: position.mark.line), column: column,
                start: 0, count: 0))
        record(id, tag: tag, column: column, path: position.path)
        open.append((id, scratch.count))
    }

    private mutating func appendScalar(_ bytes: [UInt8], style: UInt8, tag: String?, at position: YAMLPosition)
        -> Int32
    {
        let id = Int32(nodes.count)
        let start = Int32(arena.count)
        arena.append(contentsOf: bytes)
        let column = Int32(clamping: position.mark.column)
        nodes.append(
            Node(
                kind: Node.scalar, style: style, isTagged: tag != nil, line: Int32(clamping: position.mark.line),
                column: column, start: start, count: Int32(bytes.count)))
        record(id, tag: tag, column: column, path: position.path)
        return id
    }

    private mutating func recordOriginal(_ id: Int32, _ bytes: [UInt8]) {
        let start = Int32(arena.count)
        arena.append(contentsOf: bytes)
        originals[id] = start..<Int32(arena.count)
    }

    /// Records the node's tag, a column too wide for the node record, and its source.
    private mutating func record(_ id: Int32, tag: String?, column: Int32, path: String) {
        if let tag {
            if let index = tagIndex[tag] {
                nodeTags[id] = index
            } else {
                let index = Int32(tags.count)
                tags.append(tag)
                tagIndex[tag] = index
                nodeTags[id] = index
            }
        }
        if nodes[Int(id)].shortColumn == Node.wideColumn { wideColumns[id] = column }
        let source: UInt16
        if let known = sourceNumbers[path] {
            source = known
        } else {
            source = UInt16(clamping: sources.count)
            sources.append(path)
            sourceNumbers[path] = source
        }
        nodeSources.append(source)
    }

    /// Makes `id` the next child of the innermost open collection, or a root.
    private mutating func add(_ id: Int32) {
        if open.isEmpty {
            roots.append(YAMLNodeID(id))
        } else {
            scratch.append(id)
        }
    }

    private static func styleNumber(_ style: YAMLScalarStyle) -> UInt8 {
        switch style {
        case .plain: 1
        case .singleQuoted: 2
        case .doubleQuoted: 3
        case .literal: 4
        case .folded: 5
        }
    }
}
