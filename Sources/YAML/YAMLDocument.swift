/// A parsed YAML stream held as a flat node store: nodes in document order, children as index
/// ranges into one shared array, scalar text as byte ranges of one arena, decoded only when read.
public struct YAMLDocument: Sendable {
    /// One node of the store, 16 bytes; collections point at a range of `children`, scalars at a
    /// range of `arena`. The rare tags and columns past 65,534 live in side tables, so that the
    /// store of a large file stays small (it holds one of these per scalar and collection).
    @usableFromInline
    struct Node: Sendable {
        @usableFromInline static let scalar: UInt8 = 0
        @usableFromInline static let sequence: UInt8 = 1
        @usableFromInline static let mapping: UInt8 = 2

        /// `shortColumn` value saying the column is in ``YAMLDocument/wideColumns``.
        @usableFromInline static let wideColumn = UInt16.max

        /// Bits 0–1 the kind, 2–4 libyaml's `yaml_scalar_style_t` (scalars), 7 whether the node
        /// has an entry in ``YAMLDocument/nodeTags``.
        @usableFromInline var bits: UInt8
        @usableFromInline var height: UInt8 = 0  // levels below the node (0 for scalars), saturating at 255
        @usableFromInline var shortColumn: UInt16  // the 1-based column, or `wideColumn`
        @usableFromInline var line: Int32
        @usableFromInline var start: Int32  // arena offset (scalars) or children offset (collections)
        @usableFromInline var count: Int32  // byte count (scalars) or children count (collections; 2 per mapping pair)

        init(
            kind: UInt8, style: UInt8, isTagged: Bool, line: Int32, column: Int32, start: Int32, count: Int32
        ) {
            bits = kind & 3 | (style & 7) << 2 | (isTagged ? 0x80 : 0)
            shortColumn = column > 0 && column < Int32(Self.wideColumn) ? UInt16(column) : Self.wideColumn
            self.line = line
            self.start = start
            self.count = count
        }

        /// The 1-based column of the node numbered `index`, looked up in `wideColumns` when it
        /// does not fit `shortColumn`.
        @inlinable
        func column(_ index: Int32, wideColumns: [Int32: Int32]) -> Int {
            shortColumn == Self.wideColumn ? Int(wideColumns[index] ?? 0) : Int(shortColumn)
        }

        /// The index into the tag names of the node numbered `index`, -1 when untagged.
        func tagIndex(_ index: Int32, nodeTags: [Int32: Int32]) -> Int32 {
            isTagged ? nodeTags[index] ?? -1 : -1
        }

        @inlinable var kind: UInt8 { bits & 3 }
        var style: UInt8 { (bits >> 2) & 7 }
        var isTagged: Bool { bits & 0x80 != 0 }
    }

    /// The file the YAML came from, as given to the reader (for a document a
    /// ``YAMLDocumentBuilder`` assembled from several, the first of ``sources``).
    public var path: String { sources.first ?? "" }
    /// Every file the nodes come from: one for a document read from a file, several for one
    /// assembled by a ``YAMLDocumentBuilder``.
    public let sources: [String]
    /// The root node of each document in the stream; empty for empty or comment-only input.
    public let roots: [YAMLNodeID]

    @usableFromInline let nodes: [Node]
    @usableFromInline let children: [Int32]
    let arena: [UInt8]
    let tags: [String]
    /// Node index → index into `tags`, for the nodes that have a tag.
    let nodeTags: [Int32: Int32]
    /// Node index → column, for columns that do not fit `Node.shortColumn`.
    @usableFromInline let wideColumns: [Int32: Int32]
    /// Node index → index into ``sources``; empty when every node comes from the first source.
    let nodeSources: [UInt16]
    /// Node index → range of `arena` holding the text the scalar had before a builder gave it
    /// another value (see ``originalText(of:)``).
    let originals: [Int32: Range<Int32>]

    init(
        sources: [String], roots: [YAMLNodeID], nodes: [Node], children: [Int32], arena: [UInt8], tags: [String],
        nodeTags: [Int32: Int32], wideColumns: [Int32: Int32], nodeSources: [UInt16] = [],
        originals: [Int32: Range<Int32>] = [:]
    ) {
        self.sources = sources
        self.roots = roots
        self.nodes = nodes
        self.children = children
        self.arena = arena
        self.tags = tags
        self.nodeTags = nodeTags
        self.wideColumns = wideColumns
        self.nodeSources = nodeSources
        self.originals = originals
    }

    /// The index into ``sources`` of the file the node comes from.
    public func sourceIndex(of node: YAMLNodeID) -> Int {
        nodeSources.isEmpty ? 0 : Int(nodeSources[Int(node.index)])
    }

    /// The file the node comes from.
    public func path(of node: YAMLNodeID) -> String {
        sources[sourceIndex(of: node)]
    }

    /// The text a scalar had before the ``YAMLDocumentBuilder`` that made this document gave it its
    /// value (the text as written in the file, say, when the value is what it was interpolated
    /// to); nil when the value is the scalar's own.
    public func originalText(of node: YAMLNodeID) -> String? {
        guard let range = originals[node.index] else { return nil }
        return String(decoding: arena[Int(range.lowerBound)..<Int(range.upperBound)], as: UTF8.self)
    }

    /// The index into `tags` of the node's tag, -1 when untagged.
    func tagIndex(_ index: Int32) -> Int32 {
        nodes[Int(index)].tagIndex(index, nodeTags: nodeTags)
    }

    /// The node's 1-based column.
    @inlinable
    func column(_ index: Int32) -> Int {
        nodes[Int(index)].column(index, wideColumns: wideColumns)
    }

    /// The first document's root, or nil for an empty stream.
    public var root: YAMLNodeID? { roots.first }

    /// How many distinct nodes the stream holds (aliases add none).
    public var nodeCount: Int { nodes.count }

    /// Whether the node is a scalar, a sequence or a mapping.
    @inlinable
    public func kind(of node: YAMLNodeID) -> YAMLNodeKind {
        switch nodes[Int(node.index)].kind {
        case Node.sequence: return .sequence
        case Node.mapping: return .mapping
        default: return .scalar
        }
    }

    /// Where the node starts (its anchor or tag when it has one), 1-based.
    @inlinable
    public func mark(of node: YAMLNodeID) -> YAMLMark {
        YAMLMark(line: Int(nodes[Int(node.index)].line), column: column(node.index))
    }

    /// The node's tag as libyaml reports it (`!reset`, `tag:yaml.org,2002:str`), or nil when untagged.
    public func tag(of node: YAMLNodeID) -> String? {
        let tag = tagIndex(node.index)
        return tag < 0 ? nil : tags[Int(tag)]
    }

    /// How a scalar was written; `.plain` for collections.
    public func style(of node: YAMLNodeID) -> YAMLScalarStyle {
        let record = nodes[Int(node.index)]
        guard record.kind == Node.scalar else { return .plain }
        switch record.style {
        case 2: return .singleQuoted
        case 3: return .doubleQuoted
        case 4: return .literal
        case 5: return .folded
        default: return .plain
        }
    }

    /// A scalar's content; "" for collections.
    public func text(of node: YAMLNodeID) -> String {
        String(decoding: bytes(of: node), as: UTF8.self)
    }

    /// The largest height ``height(of:)`` reports: a result of this value means this or more.
    public static let maxRecordedHeight = Int(UInt8.max)

    /// How many levels of collections the subtree at `node` has below it, with aliases followed
    /// (0 for a scalar or an empty collection, 1 for a flat list); saturates at ``maxRecordedHeight``.
    @inlinable
    public func height(of node: YAMLNodeID) -> Int {
        Int(nodes[Int(node.index)].height)
    }

    /// Whether a scalar's content contains `byte`, without decoding it; false for collections.
    public func scalarContains(_ byte: UInt8, _ node: YAMLNodeID) -> Bool {
        bytes(of: node).contains(byte)
    }

    /// A scalar's value under go-yaml v3's rules; `.null` for collections (check ``kind(of:)`` first).
    ///
    /// Untagged plain scalars are resolved (`~`, `null`, `true`, `0x1F`, `1e3`, `.inf`...; `yes` and `on`
    /// stay strings); quoted and block scalars are strings; `!!str`, `!!int`, `!!float`, `!!bool` and
    /// `!!null` are honoured, falling back to the string when the text does not fit the tag.
    public func value(of node: YAMLNodeID) -> YAMLScalarValue {
        let record = nodes[Int(node.index)]
        guard record.kind == Node.scalar else { return .null }
        let bytes = self.bytes(of: node)
        let resolved: YAMLScalarValue?
        let tagNumber = tagIndex(node.index)
        if tagNumber < 0 {
            resolved = record.style == 1 ? ScalarResolver.resolvePlain(bytes) : nil
        } else {
            let tag = tags[Int(tagNumber)]
            if tag == "!" {
                // go-yaml treats the non-specific tag on a plain scalar like no tag at all.
                resolved = record.style == 1 ? ScalarResolver.resolvePlain(bytes) : nil
            } else {
                resolved = ScalarResolver.resolveTagged(bytes, tag: tag)
            }
        }
        return resolved ?? .string(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether the node is a scalar that resolves to null (`~`, `null`, nothing, `!!null`), found
    /// without decoding it (only scalars of at most 4 bytes can be null).
    public func isNull(_ node: YAMLNodeID) -> Bool {
        let record = nodes[Int(node.index)]
        guard record.kind == Node.scalar else { return false }
        let bytes = self.bytes(of: node)
        guard bytes.count <= 4 else { return false }
        let tagNumber = tagIndex(node.index)
        if tagNumber < 0 || tags[Int(tagNumber)] == "!" {
            return record.style == 1 && ScalarResolver.resolvePlain(bytes) == .null
        }
        return ScalarResolver.resolveTagged(bytes, tag: tags[Int(tagNumber)]) == .null
    }

    /// A sequence's items in order; [] for anything else.
    public func items(of node: YAMLNodeID) -> [YAMLNodeID] {
        let record = nodes[Int(node.index)]
        guard record.kind == Node.sequence else { return [] }
        let start = Int(record.start)
        return children[start..<start + Int(record.count)].map { YAMLNodeID($0) }
    }

    /// A mapping's key/value pairs in input order, with `<<` merges already applied: merged pairs sit
    /// where the `<<` key was, and explicit keys win over merged ones; [] for anything else.
    public func entries(of node: YAMLNodeID) -> [(key: YAMLNodeID, value: YAMLNodeID)] {
        let record = nodes[Int(node.index)]
        guard record.kind == Node.mapping else { return [] }
        var result: [(key: YAMLNodeID, value: YAMLNodeID)] = []
        result.reserveCapacity(Int(record.count) / 2)
        var index = Int(record.start)
        let end = index + Int(record.count)
        while index < end {
            result.append((YAMLNodeID(children[index]), YAMLNodeID(children[index + 1])))
            index += 2
        }
        return result
    }

    /// The number of items of a sequence or pairs of a mapping (after merges); 0 for scalars.
    @inlinable
    public func count(of node: YAMLNodeID) -> Int {
        let record = nodes[Int(node.index)]
        switch record.kind {
        case Node.sequence: return Int(record.count)
        case Node.mapping: return Int(record.count) / 2
        default: return 0
        }
    }

    /// The value stored under the scalar key `key` in a mapping (after merges), or nil.
    public func lookup(_ key: String, in node: YAMLNodeID) -> YAMLNodeID? {
        let record = nodes[Int(node.index)]
        guard record.kind == Node.mapping else { return nil }
        var index = Int(record.start)
        let end = index + Int(record.count)
        let wanted = key.utf8
        while index < end {
            let keyRecord = nodes[Int(children[index])]
            if keyRecord.kind == Node.scalar, Int(keyRecord.count) == wanted.count,
                arena[Int(keyRecord.start)..<Int(keyRecord.start) + Int(keyRecord.count)].elementsEqual(wanted)
            {
                return YAMLNodeID(children[index + 1])
            }
            index += 2
        }
        return nil
    }

    /// The position in `keys` of the scalar's content, compared byte for byte without decoding the
    /// scalar; nil when it is none of them or not a scalar.
    public func match(_ node: YAMLNodeID, in keys: YAMLKeyList) -> Int? {
        let record = nodes[Int(node.index)]
        let count = Int(record.count)
        guard record.kind == Node.scalar, count < 64, keys.lengths & (1 << UInt64(count)) != 0 else { return nil }
        let start = Int(record.start)
        for (position, key) in keys.keys.enumerated() where key.count == count {
            var offset = start
            var equal = true
            for byte in key {
                if arena[offset] != byte {
                    equal = false
                    break
                }
                offset += 1
            }
            if equal { return position }
        }
        return nil
    }

    /// The raw UTF-8 bytes of a scalar; empty for collections.
    func bytes(of node: YAMLNodeID) -> ArraySlice<UInt8> {
        let record = nodes[Int(node.index)]
        guard record.kind == Node.scalar else { return [] }
        let start = Int(record.start)
        return arena[start..<start + Int(record.count)]
    }
}
