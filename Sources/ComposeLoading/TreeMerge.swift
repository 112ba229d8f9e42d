import ComposeModel
import ModelBindSupport
import YAML

/// A tree merging reads from: a store, with the values interpolation gave its scalars.
struct TreeSource {
    var store: YAMLDocument
    var substitutions: [YAMLNodeID: String] = [:]
    /// Whether `wrap` may write the tree's scalars as written: their `${...}` mean the same with the
    /// project's environment. False for included files, interpolated with their own.
    var writtenTextIsPortable = true
}

/// A node of one of a ``TreeMerge``'s sources.
struct TreeNode {
    var source: Int
    var node: YAMLNodeID
}

/// A ``TreeNode`` as a dictionary key.
struct TreeNodeKey: Hashable {
    var source: Int
    var index: Int32

    init(_ node: TreeNode) {
        source = node.source
        index = node.node.index
    }
}

/// Where a merge is in the Compose tree, for the rules that depend on the path
/// (compose-go's `mergeSpecials`).
enum MergeContext: Equatable {
    case root
    case services
    case service
    /// A key of a service (`environment`, `build`...).
    case field(String)
    /// A key inside a service's key (`build.args`, `healthcheck.test`).
    case subfield(parent: String, key: String)
    case other

    func child(_ key: String) -> MergeContext {
        switch self {
        case .root: key == "services" ? .services : .other
        case .services: .service
        case .service: .field(key)
        case .field(let parent): .subfield(parent: parent, key: key)
        case .subfield, .other: .other
        }
    }

    /// How values at this place merge.
    var rule: MergeRule {
        switch self {
        case .field(let field):
            switch field {
            case "models", "depends_on", "networks": return .keyUnion
            case "environment", "labels", "annotations", "sysctls": return .keyedList
            case "command", "entrypoint": return .replace
            case "build": return .build
            case "ports", "volumes", "secrets", "configs", "expose", "dns", "dns_search", "dns_opt", "cap_add",
                "cap_drop", "devices", "security_opt", "tmpfs", "env_file", "profiles", "external_links", "links",
                "extra_hosts", "group_add", "volumes_from", "label_file":
                return .appendUnique
            default: return .merge
            }
        case .subfield(let parent, let key):
            switch (parent, key) {
            case ("build", "args"), ("build", "labels"), ("deploy", "labels"): return .keyedList
            case ("build", "extra_hosts"): return .appendUnique
            case ("healthcheck", "test"): return .replace
            default: return .merge
            }
        default:
            return .merge
        }
    }
}

/// How the values at one place of the tree merge (compose-go `override.Merge`).
enum MergeRule {
    /// Mappings key by key, lists appended, scalars replaced.
    case merge
    /// The override replaces the base (`command`, `entrypoint`, `healthcheck.test`).
    case replace
    /// Lists of names and mappings alike, merged as mappings by name (`models`, `depends_on`, `networks`).
    case keyUnion
    /// `NAME=value` lists and mappings alike, merged by name; the base's style is kept (`environment`...).
    case keyedList
    /// Lists appended without repeating an item (`ports`, `volumes`, `env_file`...); a lone string is a list of one.
    case appendUnique
    /// A string is `{context: string}` (`build`).
    case build
}

/// Merges Compose trees into a ``YAMLDocumentBuilder`` the way compose-go's `override.Merge` does,
/// with `!reset` (drop the key) and `!override` (replace instead of merging) honoured and stripped,
/// and interpolated values put in place. Iterative: a stack of steps, never recursion.
struct TreeMerge {
    private(set) var sources: [TreeSource]
    private var builder = YAMLDocumentBuilder()
    private(set) var diagnostics: [Diagnostic] = []
    /// Nodes taken in place of others wherever these are met (a service with `extends` resolved).
    private let replacements: [TreeNodeKey: TreeNode]

    init(sources: [TreeSource], replacements: [TreeNodeKey: TreeNode] = [:]) {
        self.sources = sources
        self.replacements = replacements
    }

    private enum Step {
        /// Emit the merge of two nodes (at least one given) at a place.
        case merge(base: TreeNode?, override: TreeNode?, context: MergeContext)
        /// Emit a copy of a key scalar.
        case key(TreeNode)
        /// Emit a new string scalar.
        case scalar(String, original: String?, at: YAMLPosition)
        /// Emit a null scalar.
        case null(at: YAMLPosition)
        /// Close the collection opened last.
        case end
    }

    /// The merge of `base` laid under `override` at `context`, as a document of its own.
    static func merged(
        _ base: TreeNode?, _ override: TreeNode?, sources: [TreeSource], context: MergeContext = .root,
        replacements: [TreeNodeKey: TreeNode] = [:]
    ) -> (document: YAMLDocument, diagnostics: [Diagnostic]) {
        var merge = TreeMerge(sources: sources, replacements: replacements)
        merge.emit(base, override, context: context)
        return (merge.builder.document(), merge.diagnostics)
    }

    /// A copy of `node` with its merge tags applied (as merging it into nothing would).
    static func cleaned(_ node: TreeNode, sources: [TreeSource]) -> YAMLDocument {
        merged(nil, node, sources: sources).document
    }

    /// Emits one merged node into the builder.
    mutating func emit(_ base: TreeNode?, _ override: TreeNode?, context: MergeContext) {
        var steps: [Step] = [.merge(base: base, override: override, context: context)]
        while let step = steps.popLast() {
            switch step {
            case .end:
                builder.end()
            case .key(let key):
                builder.copyScalar(key.node, of: sources[key.source].store, dropTag: true)
            case .scalar(let text, let original, let position):
                builder.scalar(text, style: .doubleQuoted, original: original, at: position)
            case .null(let position):
                builder.scalar("", at: position)
            case .merge(let base, let override, let context):
                var next: [Step] = []
                mergeStep(base: base, override: override, context: context, into: &next)
                steps.append(contentsOf: next.reversed())
            }
        }
    }

    // MARK: - One node

    private func store(_ node: TreeNode) -> YAMLDocument { sources[node.source].store }
    private func kind(_ node: TreeNode) -> YAMLNodeKind { store(node).kind(of: node.node) }
    private func tag(_ node: TreeNode) -> String? { store(node).tag(of: node.node) }
    private func isReset(_ node: TreeNode) -> Bool { tag(node) == "!reset" }

    private func isNull(_ node: TreeNode) -> Bool {
        kind(node) == .scalar && sources[node.source].substitutions[node.node] == nil
            && store(node).value(of: node.node) == .null
    }

    /// The scalar's value (interpolated) and its written text.
    private func text(_ node: TreeNode) -> (value: String, written: String) {
        let source = sources[node.source]
        let value = source.substitutions[node.node] ?? source.store.text(of: node.node)
        return (value, written(node, value: value))
    }

    private func written(_ node: TreeNode, value: String) -> String {
        let source = sources[node.source]
        guard source.writtenTextIsPortable else { return value.doublingDollars }
        return source.store.originalText(of: node.node) ?? source.store.text(of: node.node)
    }

    private func position(_ node: TreeNode) -> YAMLPosition {
        YAMLDocumentBuilder.position(of: node.node, in: store(node))
    }

    private func location(_ node: TreeNode) -> SourceLocation {
        let mark = store(node).mark(of: node.node)
        return SourceLocation(file: store(node).path(of: node.node), line: mark.line, column: mark.column)
    }

    private func pairs(_ node: TreeNode) -> [(key: TreeNode, value: TreeNode, name: String)] {
        let store = store(node)
        return store.entries(of: node.node).compactMap { pair in
            guard store.kind(of: pair.key) == .scalar else { return nil }
            return (
                TreeNode(source: node.source, node: pair.key), TreeNode(source: node.source, node: pair.value),
                store.text(of: pair.key)
            )
        }
    }

    private func items(_ node: TreeNode) -> [TreeNode] {
        store(node).items(of: node.node).map { TreeNode(source: node.source, node: $0) }
    }

    /// The steps that emit the merge of `base` and `override` at `context`.
    private mutating func mergeStep(
        base: TreeNode?, override: TreeNode?, context: MergeContext, into steps: inout [Step]
    ) {
        let base = base.map { replacements[TreeNodeKey($0)] ?? $0 }
        let override = override.map { replacements[TreeNodeKey($0)] ?? $0 }
        guard let override, !isReset(override) else {
            if let base { copyStep(base, into: &steps) }
            return
        }
        guard let base, !isNull(base) else {
            copyStep(override, into: &steps)
            return
        }
        if tag(override) == "!override" {
            copyStep(override, into: &steps)
            return
        }
        let rule = context.rule
        if isNull(override) {
            copyStep(rule == .replace ? override : base, into: &steps)
            return
        }
        switch rule {
        case .replace:
            copyStep(override, into: &steps)
        case .keyUnion:
            keyUnionStep(base, override, context: context, into: &steps)
        case .keyedList:
            keyedListStep(base, override, into: &steps)
        case .appendUnique:
            appendUniqueStep(base, override, context: context, into: &steps)
        case .build:
            mappingStep(asBuildMapping(base), asBuildMapping(override), context: context, into: &steps)
        case .merge:
            switch (kind(base), kind(override)) {
            case (.mapping, .mapping):
                mappingStep(base, override, context: context, into: &steps)
            case (.sequence, .sequence):
                builder.beginSequence(at: position(base))
                for item in items(base) + items(override) where !isReset(item) {
                    steps.append(.merge(base: item, override: nil, context: .other))
                }
                steps.append(.end)
            case (.mapping, _), (.sequence, _):
                diagnostics.append(
                    Diagnostic(
                        Rule.structure,
                        "this \(kind(override) == .scalar ? "value" : kind(override) == .mapping ? "mapping" : "list") "
                            + "cannot override the \(kind(base) == .mapping ? "mapping" : "list") at \(location(base)); "
                            + "Compose refuses it (cannot override)",
                        hint: "Write the same kind of value as the file it overrides, or tag it `!override`.",
                        at: location(override)))
                copyStep(override, into: &steps)
            default:
                copyStep(override, into: &steps)
            }
        }
    }

    /// Mappings merged key by key: the base's keys in order, then the override's new ones.
    private mutating func mappingStep(
        _ base: TreeNode, _ override: TreeNode, context: MergeContext, into steps: inout [Step]
    ) {
        builder.beginMapping(at: position(base))
        let overridePairs = pairs(override)
        var overrideIndex: [String: Int] = [:]
        overrideIndex.reserveCapacity(overridePairs.count)
        for (index, pair) in overridePairs.enumerated() { overrideIndex[pair.name] = index }
        var used = [Bool](repeating: false, count: overridePairs.count)
        for pair in pairs(base) where !(context == .service && pair.name == "extends") {
            if let index = overrideIndex[pair.name] {
                used[index] = true
                let other = overridePairs[index]
                if isReset(other.value) { continue }
                // The key is the later file's: a finding about the merged value points at the last
                // definition.
                steps.append(.key(other.key))
                steps.append(.merge(base: pair.value, override: other.value, context: context.child(pair.name)))
            } else {
                steps.append(.key(pair.key))
                steps.append(.merge(base: pair.value, override: nil, context: context.child(pair.name)))
            }
        }
        for (index, pair) in overridePairs.enumerated()
        where !used[index] && !isReset(pair.value) && !(context == .service && pair.name == "extends") {
            steps.append(.key(pair.key))
            steps.append(.merge(base: nil, override: pair.value, context: context.child(pair.name)))
        }
        steps.append(.end)
    }

    /// A copy of `node` with `!reset` entries and items dropped, merge tags stripped and
    /// interpolated values in place. The node itself is emitted now, its children as steps.
    private mutating func copyStep(_ node: TreeNode, into steps: inout [Step]) {
        switch kind(node) {
        case .scalar:
            let source = sources[node.source]
            let tag = tag(node)
            if let value = source.substitutions[node.node] {
                builder.copyScalar(
                    node.node, of: source.store, value: value,
                    original: source.writtenTextIsPortable ? nil : value.doublingDollars)
            } else {
                builder.copyScalar(node.node, of: source.store, dropTag: tag == "!reset" || tag == "!override")
            }
        case .sequence:
            builder.beginSequence(at: position(node))
            for item in items(node) where !isReset(item) {
                steps.append(.merge(base: item, override: nil, context: .other))
            }
            steps.append(.end)
        case .mapping:
            builder.beginMapping(at: position(node))
            for pair in pairs(node) where !isReset(pair.value) {
                steps.append(.key(pair.key))
                steps.append(.merge(base: pair.value, override: nil, context: .other))
            }
            steps.append(.end)
        }
    }

    // MARK: - Special rules

    /// `models`, `depends_on`, `networks`: both as mappings of names (a list item is a name with no
    /// settings), as compose-go merges them (the result is a mapping, even of two lists).
    private mutating func keyUnionStep(
        _ base: TreeNode, _ override: TreeNode, context: MergeContext, into steps: inout [Step]
    ) {
        mappingStep(
            asNameMapping(base, context: context), asNameMapping(override, context: context), context: context,
            into: &steps)
    }

    /// A list of names as a mapping (`[llm]` → `{llm: null}`; for `depends_on`, each name gets
    /// Compose's defaults `{condition: service_started, required: true}`), added as a source.
    private mutating func asNameMapping(_ node: TreeNode, context: MergeContext) -> TreeNode {
        guard kind(node) == .sequence else { return node }
        var builder = YAMLDocumentBuilder()
        builder.beginMapping(at: position(node))
        for item in items(node) where kind(item) == .scalar && !isReset(item) {
            let at = position(item)
            builder.copyScalar(item.node, of: store(item), value: sources[item.source].substitutions[item.node])
            if context == .field("depends_on") {
                builder.beginMapping(at: at)
                builder.scalar("condition", at: at)
                builder.scalar("service_started", at: at)
                builder.scalar("required", at: at)
                builder.scalar("true", at: at)
                builder.end()
            } else {
                builder.scalar("", at: at)
            }
        }
        builder.end()
        return addSource(builder.document())
    }

    /// `build: ./dir` as `{context: ./dir}`, added as a source.
    private mutating func asBuildMapping(_ node: TreeNode) -> TreeNode {
        guard kind(node) == .scalar else { return node }
        var builder = YAMLDocumentBuilder()
        builder.beginMapping(at: position(node))
        builder.scalar("context", at: position(node))
        let (value, written) = text(node)
        builder.scalar(value, style: .doubleQuoted, original: written, at: position(node))
        builder.end()
        return addSource(builder.document())
    }

    private mutating func addSource(_ document: YAMLDocument) -> TreeNode {
        sources.append(TreeSource(store: document))
        // A built document's first root is the node just built.
        return TreeNode(source: sources.count - 1, node: document.roots[0])
    }

    /// One entry of an `environment`-style value: a pair of a mapping or an item of a list.
    private enum KeyedItem {
        case pair(key: TreeNode, value: TreeNode)
        case item(TreeNode)
    }

    private func keyedItems(_ node: TreeNode) -> [(name: String, item: KeyedItem, reset: Bool)] {
        switch kind(node) {
        case .mapping:
            return pairs(node).map { ($0.name, .pair(key: $0.key, value: $0.value), isReset($0.value)) }
        case .sequence:
            return items(node).compactMap { item in
                guard kind(item) == .scalar, !isNull(item) else { return nil }
                let value = text(item).value
                let name = value.firstIndex(of: "=").map { String(value[..<$0]) } ?? value
                return (name, .item(item), isReset(item))
            }
        case .scalar:
            return []
        }
    }

    /// `environment`, `labels`...: entries merged by name (a later value replaces an earlier one in
    /// place, `!reset` removes it), written in the base's style.
    private mutating func keyedListStep(_ base: TreeNode, _ override: TreeNode, into steps: inout [Step]) {
        var merged = keyedItems(base).map { (name: $0.name, item: $0.item) }
        var index: [String: Int] = [:]
        for (position, entry) in merged.enumerated() where index[entry.name] == nil { index[entry.name] = position }
        var removed: Set<String> = []
        for entry in keyedItems(override) {
            if entry.reset {
                removed.insert(entry.name)
                continue
            }
            removed.remove(entry.name)
            if let position = index[entry.name] {
                merged[position].item = entry.item
            } else {
                index[entry.name] = merged.count
                merged.append((entry.name, entry.item))
            }
        }
        let asMapping = kind(base) == .mapping
        if asMapping {
            builder.beginMapping(at: position(base))
        } else {
            builder.beginSequence(at: position(base))
        }
        for entry in merged where !removed.contains(entry.name) {
            switch (entry.item, asMapping) {
            case (.pair(let key, let value), true):
                steps.append(.key(key))
                steps.append(.merge(base: value, override: nil, context: .other))
            case (.item(let item), false):
                steps.append(.merge(base: item, override: nil, context: .other))
            case (.pair(let key, let value), false):
                let name = store(key).text(of: key.node)
                if isNull(value) {
                    steps.append(.scalar(name, original: name, at: position(key)))
                } else {
                    let (text, written) = text(value)
                    steps.append(.scalar(name + "=" + text, original: name + "=" + written, at: position(key)))
                }
            case (.item(let item), true):
                let (text, written) = text(item)
                let at = position(item)
                let split: (String) -> (String, String?) = { whole in
                    guard let equals = whole.firstIndex(of: "=") else { return (whole, nil) }
                    return (String(whole[..<equals]), String(whole[whole.index(after: equals)...]))
                }
                let (name, value) = split(text)
                let (_, writtenValue) = split(written)
                steps.append(.scalar(name, original: nil, at: at))
                if let value {
                    steps.append(.scalar(value, original: writtenValue, at: at))
                } else {
                    steps.append(.null(at: at))
                }
            }
        }
        steps.append(.end)
    }

    /// `ports`, `volumes`, `env_file`...: the base's items, then the override's that are not there
    /// yet (a lone string counts as a list of one).
    private mutating func appendUniqueStep(
        _ base: TreeNode, _ override: TreeNode, context: MergeContext, into steps: inout [Step]
    ) {
        if kind(base) == .mapping, kind(override) == .mapping {
            mappingStep(base, override, context: context, into: &steps)
            return
        }
        let baseItems = kind(base) == .sequence ? items(base) : [base]
        let overrideItems = kind(override) == .sequence ? items(override) : [override]
        builder.beginSequence(at: position(base))
        var seen: Set<String> = []
        for item in baseItems + overrideItems where !isReset(item) {
            if kind(item) == .scalar {
                guard seen.insert(text(item).value).inserted else { continue }
            }
            steps.append(.merge(base: item, override: nil, context: .other))
        }
        steps.append(.end)
    }
}
