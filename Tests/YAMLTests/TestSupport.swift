import YAML

/// Reads `text` as `t.yaml` with the given limits.
func read(_ text: String, limits: YAMLLimits = .default) throws -> YAMLDocument {
    try YAMLReader.read(text, path: "t.yaml", limits: limits)
}

/// The error reading `bytes` produces, or nil when it reads fine.
func readError(_ bytes: [UInt8], limits: YAMLLimits = .default) -> YAMLError? {
    do {
        _ = try YAMLReader.read(bytes, path: "t.yaml", limits: limits)
        return nil
    } catch {
        return error
    }
}

/// The error reading `text` produces, or nil when it reads fine.
func readError(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    readError(Array(text.utf8), limits: limits)
}

extension YAMLDocument {
    /// Follows a path of mapping keys and sequence indexes ("services.web.ports.0") from the root.
    func node(_ path: String) -> YAMLNodeID? {
        guard var node = root else { return nil }
        for part in path.split(separator: ".") where !part.isEmpty {
            if let index = Int(part), kind(of: node) == .sequence {
                let items = items(of: node)
                guard index < items.count else { return nil }
                node = items[index]
            } else {
                guard let next = lookup(String(part), in: node) else { return nil }
                node = next
            }
        }
        return node
    }

    /// The keys of a mapping, in order, as text.
    func keys(of node: YAMLNodeID) -> [String] {
        entries(of: node).map { text(of: $0.key) }
    }
}
