import ComposeModel

/// Merges compose trees the way compose-go's `override.Merge` does for the parts modelbind
/// reads and writes: mappings key by key, scalars last-wins, lists appended, with Compose's
/// special cases (service `models`, `depends_on` and `networks` as key unions; `environment`
/// and `labels` by variable name; `command` and `entrypoint` replaced) and the `!reset` /
/// `!override` tags honoured.
enum ComposeMerge {
    /// `override` laid over `base`; `path` is where the two nodes sit (`["services", "web"]`).
    static func merge(_ base: ComposeNode, _ override: ComposeNode, path: [String] = []) -> ComposeNode {
        if override.tag == "!override" {
            var replaced = override
            replaced.tag = nil
            return replaced
        }
        if override.isNull { return base }
        let rule = MergeRule(path: path)
        switch rule {
        case .replace:
            return override
        case .keyUnion:
            return mergeMappings(asKeyUnion(base), asKeyUnion(override), path: path)
        case .keyedByName:
            return mergeByName(base, override)
        case .appendUnique, .append:
            break
        }
        switch (base.content, override.content) {
        case (.mapping, .mapping):
            return mergeMappings(base, override, path: path)
        case (.sequence(let baseItems), .sequence(let overrideItems)):
            var items = baseItems
            for item in overrideItems {
                if rule == .appendUnique, item.scalar != nil, items.contains(where: { $0.content == item.content }) {
                    continue
                }
                items.append(item)
            }
            return ComposeNode(.sequence(items), at: base.location, tag: base.tag)
        default:
            return override
        }
    }

    /// Merges two mappings entry by entry: base order first, then keys new in `override`.
    static func mergeMappings(_ base: ComposeNode, _ override: ComposeNode, path: [String]) -> ComposeNode {
        guard var entries = base.entries, let overrideEntries = override.entries else { return override }
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() { index[entry.key] = position }
        var removed: Set<String> = []
        for entry in overrideEntries {
            if entry.value.tag == "!reset" {
                removed.insert(entry.key)
                continue
            }
            if let position = index[entry.key] {
                let merged = merge(entries[position].value, entry.value, path: path + [entry.key])
                entries[position] = ComposeEntry(key: entry.key, keyLocation: entry.keyLocation, value: merged)
                removed.remove(entry.key)
            } else {
                index[entry.key] = entries.count
                var value = entry.value
                if value.tag == "!override" { value.tag = nil }
                entries.append(ComposeEntry(key: entry.key, keyLocation: entry.keyLocation, value: value))
            }
        }
        if !removed.isEmpty { entries.removeAll { removed.contains($0.key) } }
        return ComposeNode(.mapping(entries), at: base.location, tag: base.tag)
    }

    /// A list of names (`[llm, embedder]`) as the mapping `{llm: null, embedder: null}`.
    static func asKeyUnion(_ node: ComposeNode) -> ComposeNode {
        guard let items = node.items else { return node }
        let entries = items.map { item in
            ComposeEntry(key: item.scalar?.text ?? "", keyLocation: item.location, value: .null(at: item.location))
        }
        return ComposeNode(.mapping(entries), at: node.location, tag: node.tag)
    }

    /// `environment`-style values (a `NAME=value` list or a mapping) merged by name, keeping
    /// the base's style so `wrap` writes the service back the way the user wrote it.
    static func mergeByName(_ base: ComposeNode, _ override: ComposeNode) -> ComposeNode {
        guard base.items != nil || override.items != nil else {
            return mergeMappings(base, override, path: [])
        }
        var merged = KeyedList(base)
        for item in KeyedList(override).items { merged.set(item) }
        return merged.node(like: base)
    }
}

/// How the value at a path merges.
private enum MergeRule: Equatable {
    case append
    case appendUnique
    case replace
    case keyUnion
    case keyedByName

    init(path: [String]) {
        guard path.count >= 3, path[0] == "services" else {
            self = .append
            return
        }
        let field = path[2]
        if path.count == 3 {
            switch field {
            case "models", "depends_on", "networks": self = .keyUnion
            case "environment", "labels", "annotations", "sysctls": self = .keyedByName
            case "command", "entrypoint": self = .replace
            case "ports", "volumes", "secrets", "configs", "expose", "dns", "dns_search", "dns_opt", "cap_add",
                "cap_drop", "devices", "security_opt", "tmpfs", "env_file", "profiles", "external_links", "links",
                "extra_hosts",
                "group_add", "volumes_from":
                self = .appendUnique
            default: self = .append
            }
        } else if path.count == 4, field == "build", path[3] == "args" || path[3] == "labels" {
            self = .keyedByName
        } else if path.count == 4, field == "healthcheck", path[3] == "test" {
            self = .replace
        } else {
            self = .append
        }
    }
}
