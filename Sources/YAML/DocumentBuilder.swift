internal import CYAML
import ModelBindSupport

/// Builds a ``YAMLDocument`` in one pass over libyaml's events, without recursion: open collections
/// live on an explicit frame stack, their children on a scratch stack until the END event.
struct DocumentBuilder {
    /// An open sequence or mapping.
    private struct Frame {
        var node: Int32
        var isMapping: Bool
        var scratchBase: Int
        var expanded: Int
        /// The frame's anchor name is the last entry of `openAnchors`.
        var hasAnchor: Bool
        /// The next child is the value of a `<<` key.
        var pendingMergeValue = false
        var hasMerge = false
        /// A sequence that is the value of a `<<` key: every item must be a mapping.
        var isMergeList = false
    }

    private typealias Node = YAMLDocument.Node

    private let path: String
    private let limits: YAMLLimits
    private var nodes: [Node] = []
    private var children: [Int32] = []
    private var arena: [UInt8] = []
    private var tags: [String] = []
    private var tagIndex: [String: Int32] = [:]
    private var nodeTags: [Int32: Int32] = [:]
    private var wideColumns: [Int32: Int32] = [:]
    private var roots: [YAMLNodeID] = []
    /// The innermost open collection (`node` -1 when none is open), kept out of `frames` so that
    /// adding a child mutates a stored property instead of an array element.
    private var top = Frame(node: -1, isMapping: false, scratchBase: 0, expanded: 0, hasAnchor: false)
    /// The open collections around `top`, outermost first.
    private var frames: [Frame] = []
    /// How many collections are open (`frames` plus `top`).
    private var openCount = 0
    private var scratch: [Int32] = []
    /// Anchor names of open collections, innermost last (kept apart so that `Frame` stays trivial).
    private var openAnchors: [String] = []
    private var anchors: [String: (node: Int32, expanded: Int)] = [:]
    /// The size of the stream with every alias expanded, saturating.
    private var expandedTotal = 0
    /// Open-addressing hash set of key node ids, reused by every mapping (-1 = empty slot).
    private var tableSlots: [Int32] = []
    private var tableUsed: [Int] = []

    init(path: String, limits: YAMLLimits) {
        self.path = path
        self.limits = limits
    }

    /// The finished document.
    func document() -> YAMLDocument {
        YAMLDocument(
            sources: [path], roots: roots, nodes: nodes, children: children, arena: arena, tags: tags,
            nodeTags: nodeTags, wideColumns: wideColumns)
    }

    /// Parses `input` (which must stay alive for the whole call); returns the first problem, if any:
    /// the builder's own (a duplicate key, a limit) or libyaml's, whichever comes first in the stream.
    mutating func parse(_ input: UnsafeBufferPointer<UInt8>) -> YAMLError? {
        guard let base = input.baseAddress, !input.isEmpty else { return nil }
        // Generous estimates so the stores rarely grow; untouched capacity costs no memory pages.
        arena.reserveCapacity(input.count)
        nodes.reserveCapacity(input.count / 8)
        children.reserveCapacity(input.count / 8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return error(.syntax, "libyaml could not allocate a parser", at: YAMLMark(line: 1, column: 1))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, base, input.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return LibYAMLProblem(parser: parser, input: input).error(path: path)
            }
            let failure = consume(&event)
            let type = event.type
            yaml_event_delete(&event)
            if let failure { return failure }
            if type == YAML_STREAM_END_EVENT || type == YAML_NO_EVENT { return nil }
        }
    }

    // MARK: - Events

    /// Builds from one libyaml event; returns the problem it causes, if any.
    private mutating func consume(_ event: inout yaml_event_t) -> YAMLError? {
        let at = YAMLMark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = UnsafeBufferPointer(start: data.value, count: data.length)
            return scalar(
                value, style: UInt8(truncatingIfNeeded: data.style.rawValue), tag: Self.string(data.tag),
                anchor: Self.string(data.anchor), at: at)
        case YAML_ALIAS_EVENT:
            return alias(Self.string(event.data.alias.anchor) ?? "", at: at)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return open(isMapping: false, tag: Self.string(data.tag), anchor: Self.string(data.anchor), at: at)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return open(isMapping: true, tag: Self.string(data.tag), anchor: Self.string(data.anchor), at: at)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return close()
        case YAML_DOCUMENT_START_EVENT:
            anchors.removeAll(keepingCapacity: true)
            return nil
        default:
            return nil
        }
    }

    private mutating func scalar(
        _ value: UnsafeBufferPointer<UInt8>, style: UInt8, tag: String?, anchor: String?, at: YAMLMark
    ) -> YAMLError? {
        let length = value.count
        if length > limits.maxScalarBytes {
            return error(
                .size, "scalar of \(length) bytes is larger than the limit of \(limits.maxScalarBytes) bytes", at: at)
        }
        let start = arena.count
        if length > 0 { arena.append(contentsOf: value) }
        guard arena.count < Int(Int32.max), nodes.count < Int(Int32.max) - 1 else {
            return error(.size, "document holds more than 2 GiB of text", at: at)
        }
        let id = Int32(nodes.count)
        let column = Int32(clamping: at.column)
        nodes.append(
            Node(
                kind: Node.scalar, style: style, isTagged: tag != nil, line: Int32(clamping: at.line),
                column: column, start: Int32(start), count: Int32(length)))
        recordSideData(id, tag: tag, column: column)
        expandedTotal = Self.add(expandedTotal, 1)
        if let anchor { anchors[anchor] = (id, 1) }
        return addChild(id, expanded: 1, mark: at, fromAlias: false)
    }

    private mutating func alias(_ name: String, at: YAMLMark) -> YAMLError? {
        guard let target = anchors[name] else {
            if openAnchors.contains(name) {
                return error(
                    .unknownAlias,
                    "alias '*\(name)' is inside the node anchored as '&\(name)'; a node cannot contain itself",
                    at: at)
            }
            return error(.unknownAlias, "unknown anchor '\(name)' referenced", at: at)
        }
        expandedTotal = Self.add(expandedTotal, target.expanded)
        if expandedTotal > limits.maxAliasExpansion, expandedTotal / 10 > nodes.count {
            return error(
                .aliasExpansion,
                "aliases expand to too many nodes (more than \(limits.maxAliasExpansion) from \(nodes.count) written)"
                    + "; the document repeats anchors recursively (an alias bomb)",
                at: at)
        }
        return addChild(target.node, expanded: target.expanded, mark: at, fromAlias: true)
    }

    private mutating func open(isMapping: Bool, tag: String?, anchor: String?, at: YAMLMark) -> YAMLError? {
        if openCount >= limits.maxDepth {
            return error(.depth, "nesting deeper than \(limits.maxDepth) levels", at: at)
        }
        var isMergeList = false
        if openCount > 0 {
            if top.isMergeList && !isMapping { return mergeError(at: at) }
            isMergeList = !isMapping && top.pendingMergeValue
        }
        guard nodes.count < Int(Int32.max) - 1 else {
            return error(.size, "document holds too many nodes", at: at)
        }
        let id = Int32(nodes.count)
        let column = Int32(truncatingIfNeeded: at.column)
        nodes.append(
            Node(
                kind: isMapping ? Node.mapping : Node.sequence, style: 0, isTagged: tag != nil,
                line: Int32(truncatingIfNeeded: at.line), column: column, start: 0, count: 0))
        recordSideData(id, tag: tag, column: column)
        expandedTotal = Self.add(expandedTotal, 1)
        if openCount > 0 { frames.append(top) }
        openCount += 1
        top = Frame(
            node: id, isMapping: isMapping, scratchBase: scratch.count, expanded: 1, hasAnchor: anchor != nil,
            isMergeList: isMergeList)
        if let anchor { openAnchors.append(anchor) }
        return nil
    }

    private mutating func close() -> YAMLError? {
        guard openCount > 0 else { return nil }
        let frame = top
        openCount -= 1
        if let outer = frames.popLast() { top = outer }
        let start = children.count
        if frame.isMapping {
            if let failure = checkDuplicateKeys(from: frame.scratchBase) { return failure }
            if frame.hasMerge {
                appendMergedEntries(from: frame.scratchBase)
            } else {
                children.append(contentsOf: scratch[frame.scratchBase...])
            }
        } else {
            children.append(contentsOf: scratch[frame.scratchBase...])
        }
        scratch.removeLast(scratch.count - frame.scratchBase)
        guard children.count < Int(Int32.max) else {
            return error(.size, "document holds too many nodes", at: nodeMark(frame.node))
        }
        nodes[Int(frame.node)].start = Int32(start)
        nodes[Int(frame.node)].count = Int32(children.count - start)
        summarize(frame.node, children: start..<children.count)
        if frame.hasAnchor, let anchor = openAnchors.popLast() {
            anchors[anchor] = (frame.node, frame.expanded)
        }
        return addChild(frame.node, expanded: frame.expanded, mark: nodeMark(frame.node), fromAlias: false)
    }

    /// Records `id` as the next child of the open collection (or as a document root).
    private mutating func addChild(_ id: Int32, expanded: Int, mark: YAMLMark, fromAlias: Bool) -> YAMLError? {
        guard openCount > 0 else {
            roots.append(YAMLNodeID(id))
            return nil
        }
        let kind = nodes[Int(id)].kind
        if top.isMergeList && kind != Node.mapping {
            return mergeError(at: mark)
        }
        if top.isMapping {
            if (scratch.count - top.scratchBase) & 1 == 0 {
                if isMergeKey(id) {
                    top.pendingMergeValue = true
                    top.hasMerge = true
                }
            } else if top.pendingMergeValue {
                top.pendingMergeValue = false
                // go-yaml: a merge value is a mapping, an alias of a mapping, or a written sequence of
                // mappings (whose items were checked as they were read).
                if kind == Node.scalar || (kind == Node.sequence && fromAlias) {
                    return mergeError(at: mark)
                }
            }
        }
        scratch.append(id)
        top.expanded = Self.add(top.expanded, expanded)
        return nil
    }

    /// Records in a closed collection how many levels its subtree has below it
    /// (``YAMLDocument/height(of:)``), from its final children: every child is complete by now, an
    /// alias's target included.
    private mutating func summarize(_ node: Int32, children range: Range<Int>) {
        var height: UInt8 = 0
        for index in range { height = max(height, nodes[Int(children[index])].height) }
        nodes[Int(node)].height = range.isEmpty || height == UInt8.max ? height : height + 1
    }

    // MARK: - Mappings

    /// go-yaml's rule: a plain `<<` (untagged or `!`), or any `<<` tagged `!!merge`.
    @inline(__always)
    private func isMergeKey(_ id: Int32) -> Bool {
        let node = nodes[Int(id)]
        guard node.kind == Node.scalar, node.count == 2,
            arena[Int(node.start)] == UInt8(ascii: "<"), arena[Int(node.start) + 1] == UInt8(ascii: "<")
        else { return false }
        let tagIndex = node.tagIndex(id, nodeTags: nodeTags)
        let tag = tagIndex < 0 ? nil : tags[Int(tagIndex)]
        if tag == "tag:yaml.org,2002:merge" { return true }
        return node.style == 1 && (tag == nil || tag == "!")
    }

    private mutating func checkDuplicateKeys(from base: Int) -> YAMLError? {
        let pairCount = (scratch.count - base) / 2
        if pairCount <= 8 {
            for later in 1..<max(pairCount, 1) {
                let key = scratch[base + 2 * later]
                guard nodes[Int(key)].kind == Node.scalar else { continue }
                for earlier in 0..<later {
                    let other = scratch[base + 2 * earlier]
                    if other != key, nodes[Int(other)].kind != Node.scalar { continue }
                    if sameText(key, other) { return duplicateKeyError(key, first: other) }
                }
            }
            return nil
        }
        resetTable(capacity: pairCount)
        for pair in 0..<pairCount {
            let key = scratch[base + 2 * pair]
            guard nodes[Int(key)].kind == Node.scalar else { continue }
            if let first = tableInsert(key) { return duplicateKeyError(key, first: first) }
        }
        return nil
    }

    /// Appends the mapping's final pairs: merged pairs where the `<<` key was, skipping keys that are
    /// written explicitly or came from an earlier merged mapping.
    private mutating func appendMergedEntries(from base: Int) {
        let end = scratch.count
        var capacity = (end - base) / 2
        for index in stride(from: base, to: end, by: 2) where isMergeKey(scratch[index]) {
            let value = nodes[Int(scratch[index + 1])]
            if value.kind == Node.mapping {
                capacity += Int(value.count) / 2
            } else {
                for item in Int(value.start)..<Int(value.start + value.count) {
                    capacity += Int(nodes[Int(children[item])].count) / 2
                }
            }
        }
        resetTable(capacity: capacity)
        for index in stride(from: base, to: end, by: 2) where nodes[Int(scratch[index])].kind == Node.scalar {
            _ = tableInsert(scratch[index])
        }
        for index in stride(from: base, to: end, by: 2) {
            let key = scratch[index]
            let value = scratch[index + 1]
            guard isMergeKey(key) else {
                children.append(key)
                children.append(value)
                continue
            }
            let record = nodes[Int(value)]
            if record.kind == Node.mapping {
                appendMergedPairs(of: value)
            } else {
                for item in Int(record.start)..<Int(record.start + record.count) {
                    appendMergedPairs(of: children[item])
                }
            }
        }
    }

    /// Appends the pairs of a merged mapping whose keys are not in the key table yet.
    private mutating func appendMergedPairs(of source: Int32) {
        let record = nodes[Int(source)]
        for entry in stride(from: Int(record.start), to: Int(record.start + record.count), by: 2) {
            let mergedKey = children[entry]
            if nodes[Int(mergedKey)].kind == Node.scalar, tableInsert(mergedKey) != nil { continue }
            let mergedValue = children[entry + 1]
            children.append(mergedKey)
            children.append(mergedValue)
        }
    }

    // MARK: - Key table

    private mutating func resetTable(capacity: Int) {
        for slot in tableUsed { tableSlots[slot] = -1 }
        tableUsed.removeAll(keepingCapacity: true)
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        if tableSlots.count < size {
            tableSlots = [Int32](repeating: -1, count: size)
        }
    }

    /// Inserts a scalar key; returns the equal key already present instead, if any.
    private mutating func tableInsert(_ key: Int32) -> Int32? {
        let mask = tableSlots.count - 1
        var slot = hash(key) & mask
        while true {
            let present = tableSlots[slot]
            if present < 0 {
                tableSlots[slot] = key
                tableUsed.append(slot)
                return nil
            }
            if sameText(present, key) { return present }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func hash(_ key: Int32) -> Int {
        let node = nodes[Int(key)]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in Int(node.start)..<Int(node.start + node.count) {
            hash = (hash ^ UInt64(arena[index])) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    @inline(__always)
    private func sameText(_ first: Int32, _ second: Int32) -> Bool {
        if first == second { return true }
        let a = nodes[Int(first)]
        let b = nodes[Int(second)]
        guard a.count == b.count else { return false }
        var i = Int(a.start)
        var j = Int(b.start)
        let end = i + Int(a.count)
        while i < end {
            if arena[i] != arena[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    // MARK: - Helpers

    /// Records what did not fit in the node just appended as `id`: its tag (interned) and a column
    /// past 65,534.
    @inline(__always)
    private mutating func recordSideData(_ id: Int32, tag: String?, column: Int32) {
        if let tag { nodeTags[id] = intern(tag) }
        if nodes[Int(id)].shortColumn == Node.wideColumn { wideColumns[id] = column }
    }

    private mutating func intern(_ text: String) -> Int32 {
        if let index = tagIndex[text] { return index }
        let index = Int32(tags.count)
        tags.append(text)
        tagIndex[text] = index
        return index
    }

    @inline(__always)
    private func nodeMark(_ id: Int32) -> YAMLMark {
        YAMLMark(line: Int(nodes[Int(id)].line), column: nodes[Int(id)].column(id, wideColumns: wideColumns))
    }

    private func duplicateKeyError(_ key: Int32, first: Int32) -> YAMLError {
        let text = String(
            decoding: arena[Int(nodes[Int(key)].start)..<Int(nodes[Int(key)].start + nodes[Int(key)].count)],
            as: UTF8.self)
        return error(
            .duplicateKey, "mapping key \(GoQuote.quote(text)) already defined at line \(nodes[Int(first)].line)",
            at: nodeMark(key))
    }

    private func mergeError(at mark: YAMLMark) -> YAMLError {
        error(.merge, "map merge requires map or sequence of maps as the value", at: mark)
    }

    private func error(_ kind: YAMLError.Kind, _ message: String, at mark: YAMLMark) -> YAMLError {
        YAMLError(kind: kind, message: message, path: path, mark: mark)
    }

    /// A tag or an anchor name from libyaml, which gives them as C strings.
    private static func string(_ text: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let text else { return nil }
        return String(cString: UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self))
    }

    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
