import ComposeModel
import YAML

/// Turns one parsed YAML document into a `ComposeNode` tree, interpolating every scalar value
/// (not keys) as compose-go does before files are merged. With ``DocumentScope/bindings`` only the
/// keys that scope names become nodes; the values of the others are walked in the flat YAML store
/// for interpolation findings alone, without building anything.
struct ComposeFileParser {
    /// Where a mapping sits, for ``DocumentScope/bindings``: which of its keys become nodes.
    private enum Level {
        /// The top of a file: only ``DocumentScope/topLevelKeys``.
        case root
        /// `services:`: every service.
        case services
        /// One service: only ``DocumentScope/serviceKeys``.
        case service
        /// Anywhere else: everything.
        case kept
    }

    /// Where each variable that was read while unset was first used, in order of first use.
    private(set) var unsetVariables: [(name: String, location: SourceLocation)] = []
    private(set) var errors: [Diagnostic] = []
    /// Whether any node carried `!reset` or `!override` (when none did, nothing needs stripping after merging).
    private(set) var sawMergeTags = false
    private var seenUnset: Set<String> = []
    /// Per pair of the mappings being converted, innermost last: where its value sits, or nil when
    /// the scope does not keep it (see ``convert(_:_:file:depth:level:)``).
    private var childLevels: [Level?] = []
    /// The pending nodes of ``checkUnkept(_:_:file:depth:)``, kept to reuse its storage.
    private var unkept: [(node: YAMLNodeID, depth: Int, isKey: Bool)] = []
    let lookup: @Sendable (String) -> String?
    /// Aliases are shared in the YAML store; a cycle through one would never end, so depth is capped.
    let maxDepth: Int

    init(lookup: @escaping @Sendable (String) -> String?, maxDepth: Int = YAMLLimits.default.maxDepth * 2) {
        self.lookup = lookup
        self.maxDepth = maxDepth
    }

    /// Converts the document rooted at `root`; problems are collected in `errors`.
    mutating func node(_ document: YAMLDocument, _ root: YAMLNodeID, file: String) -> ComposeNode {
        convert(document, root, file: SourceFileNames.id(for: file), depth: 0, level: .kept)
    }

    private mutating func convert(
        _ document: YAMLDocument, _ id: YAMLNodeID, file: SourceFileNames.ID, depth: Int, level: Level
    ) -> ComposeNode {
        let mark = document.mark(of: id)
        let location = SourceLocation(fileID: file, line: mark.line, column: mark.column)
        let tag = document.tag(of: id).flatMap { $0.hasPrefix("!") && !$0.hasPrefix("!!") ? $0 : nil }
        if tag == "!reset" || tag == "!override" { sawMergeTags = true }
        guard depth < maxDepth else {
            tooDeep(at: location)
            return .null(at: location)
        }
        switch document.kind(of: id) {
        case .scalar:
            return ComposeNode(.scalar(scalar(document, id, location: location)), at: location, tag: tag)
        case .sequence:
            let items = convertItems(document, id, file: file, depth: depth)
            return ComposeNode(.sequence(items), at: location, tag: tag)
        case .mapping:
            let entries = convertEntries(document, id, file: file, depth: depth, level: level)
            return ComposeNode(.mapping(entries), at: location, tag: tag)
        }
    }

    /// The items of the sequence at `id`. This and ``convertEntries(_:_:file:depth:level:)`` are
    /// kept out of ``convert(_:_:file:depth:level:)``, and loop by index instead of `map` (which adds
    /// two frames) or `stride`/`enumerated` iterators, because every level of nesting repeats these
    /// frames: deep alias nesting reaches `maxDepth` levels, and debug and sanitizer builds have
    /// large frames (a sanitizer test run overflowed the stack before this was split).
    @inline(never)
    private mutating func convertItems(
        _ document: YAMLDocument, _ id: YAMLNodeID, file: SourceFileNames.ID, depth: Int
    ) -> [ComposeNode] {
        let children = document.childNodes(of: id)
        var items: [ComposeNode] = []
        items.reserveCapacity(children.count)
        var index = children.startIndex
        while index < children.endIndex {
            let child = children[index]
            index += 1
            items.append(convert(document, child, file: file, depth: depth + 1, level: .kept))
        }
        return items
    }

    /// The entries of the mapping at `id` (see ``convertItems(_:_:file:depth:)`` for why it is apart).
    @inline(__always)
    private mutating func convertEntries(
        _ document: YAMLDocument, _ id: YAMLNodeID, file: SourceFileNames.ID, depth: Int, level: Level
    ) -> [ComposeEntry] {
        let children = document.childNodes(of: id)
        // First decide which pairs become entries, so that the entries are allocated once at
        // their size: a service keeps a few of its dozen keys with `.bindings`, and reserving
        // room for all of them held most of a large project's memory. The decisions sit on a
        // stack shared with the recursive calls, each popping its own.
        let base = childLevels.count
        var keptCount = 0
        var pair = children.startIndex
        while pair < children.endIndex {
            let childLevel = Self.childLevel(document, key: children[pair], in: level)
            if childLevel != nil { keptCount += 1 }
            childLevels.append(childLevel)
            pair += 2
        }
        defer { childLevels.removeLast(childLevels.count - base) }
        var entries: [ComposeEntry] = []
        entries.reserveCapacity(keptCount)
        pair = children.startIndex
        var decision = base
        while pair < children.endIndex {
            let key = children[pair]
            let value = children[pair + 1]
            let childLevel = childLevels[decision]
            pair += 2
            decision += 1
            let keyLocation = location(of: key, in: document, file: file)
            guard document.kind(of: key) == .scalar else {
                nonScalarKey(document, key, at: keyLocation)
                continue
            }
            guard let childLevel else {
                checkUnkept(document, value, file: file, depth: depth + 1)
                continue
            }
            let converted = convert(document, value, file: file, depth: depth + 1, level: childLevel)
            entries.append(ComposeEntry(key: document.text(of: key), keyLocation: keyLocation, value: converted))
        }
        return entries
    }

    /// Where the value under `key` sits when the mapping is at `level`, or nil when the scope does
    /// not keep it. Keys are compared as bytes in the store: a key that is not kept never becomes a
    /// String. (A key that is not a scalar is reported and skipped before this matters.)
    private static func childLevel(_ document: YAMLDocument, key: YAMLNodeID, in level: Level) -> Level? {
        switch level {
        case .root, .services, .service, .kept:
            return .kept
        }
    }

    /// Reports what converting the subtree at `id` would report (interpolation problems, unset
    /// variables, non-scalar keys, nesting), in document order, without building nodes. Only the
    /// parts that can report anything are visited, which the YAML store answers in O(1) per node.
    private mutating func checkUnkept(_ document: YAMLDocument, _ id: YAMLNodeID, file: SourceFileNames.ID, depth: Int)
    {
        guard mayReport(document, id, depth: depth) else { return }
        unkept.removeAll(keepingCapacity: true)
        unkept.append((id, depth, false))
        while let (node, depth, isKey) = unkept.popLast() {
            if isKey {
                // Only keys that are not scalars are pushed.
                nonScalarKey(document, node, at: location(of: node, in: document, file: file))
                continue
            }
            guard depth < maxDepth else {
                tooDeep(at: location(of: node, in: document, file: file))
                continue
            }
            let kind = document.kind(of: node)
            if kind == .scalar {
                _ = scalar(document, node, location: location(of: node, in: document, file: file))
                continue
            }
            // Pushed in reverse so that they are visited in document order.
            let children = document.childNodes(of: node)
            if kind == .sequence {
                for child in children.reversed() where mayReport(document, child, depth: depth + 1) {
                    unkept.append((child, depth + 1, false))
                }
                continue
            }
            // A mapping's children alternate key, value. As in `convert`, a key that is not a scalar
            // is reported and its value is skipped.
            for pair in stride(from: children.endIndex - 2, through: children.startIndex, by: -2) {
                let key = children[pair]
                let value = children[pair + 1]
                if document.kind(of: key) != .scalar {
                    unkept.append((key, depth + 1, true))
                } else if mayReport(document, value, depth: depth + 1) {
                    unkept.append((value, depth + 1, false))
                }
            }
        }
    }

    /// Whether converting the subtree at `node`, at `depth`, would report anything: a scalar with
    /// `$` in it (interpolation), a non-scalar key, or a node at `maxDepth` or deeper (a height
    /// the store saturated counts as deep).
    private func mayReport(_ document: YAMLDocument, _ node: YAMLNodeID, depth: Int) -> Bool {
        document.kind(of: node) != .scalar || document.scalarContains(UInt8(ascii: "$"), node)
    }

    private func location(of node: YAMLNodeID, in document: YAMLDocument, file: SourceFileNames.ID) -> SourceLocation {
        let mark = document.mark(of: node)
        return SourceLocation(fileID: file, line: mark.line, column: mark.column)
    }

    private mutating func tooDeep(at location: SourceLocation) {
        errors.append(
            .error(
                Rule.yamlSyntax.code,
                "nesting is deeper than \(maxDepth) levels (an alias that contains itself?)",
                hint: "Flatten the structure or remove the self-referencing alias.",
                at: location
            )
        )
    }

    private mutating func nonScalarKey(_ document: YAMLDocument, _ key: YAMLNodeID, at location: SourceLocation) {
        errors.append(
            .error(
                Rule.yamlSyntax.code,
                "a mapping key must be a scalar, not \(document.kind(of: key) == .sequence ? "a list" : "a mapping")",
                hint: "Use a plain string as the key.",
                at: location
            )
        )
    }

    private mutating func scalar(_ document: YAMLDocument, _ id: YAMLNodeID, location: SourceLocation) -> ComposeScalar
    {
        if document.scalarContains(UInt8(ascii: "$"), id) {
            let text = document.text(of: id)
            do {
                let result = try Interpolation.substitute(text, lookup: lookup)
                for name in result.unsetVariables where seenUnset.insert(name).inserted {
                    unsetVariables.append((name, location))
                }
                if result.value != text || document.style(of: id) != .plain {
                    return ComposeScalar(text: result.value, kind: .string, wasInterpolated: true)
                }
            } catch {
                errors.append(
                    .error(
                        Rule.interpolation.code,
                        error.message,
                        hint: error.kind == .invalidTemplate
                            ? "Write a literal '$' as '$$'; variables are ${NAME}, ${NAME:-default}, ${NAME:?message}."
                            : "Set the variable in the environment or in .env (or pass --env-file).",
                        at: location
                    )
                )
                return ComposeScalar(text: text, kind: .string)
            }
        }
        switch document.value(of: id) {
        case .null: return ComposeScalar(text: document.text(of: id), kind: .null)
        case .bool: return ComposeScalar(text: document.text(of: id), kind: .bool)
        case .int: return ComposeScalar(text: document.text(of: id), kind: .int)
        case .float: return ComposeScalar(text: document.text(of: id), kind: .float)
        case .string(let text): return ComposeScalar(text: text, kind: .string)
        }
    }
}
