import ComposeModel
import YAML

/// The project's service definitions by name and model definitions by key, each built in one pass,
/// for rules that visit every service or model (looking each up in the merged mapping is a linear
/// search per lookup, quadratic over a project).
struct ProjectNodes {
    let document: ComposeDocument
    private let services: [String: YAMLNodeID]
    private let models: [String: YAMLNodeID]

    init(_ project: ComposeProject) {
        document = project.document
        services = Self.index(project.document, project.document.node(at: ["services"]))
        models = Self.index(project.document, project.document.node(at: ["models"]))
    }

    /// The definition of service `name`.
    func service(_ name: String) -> YAMLNodeID? { services[name] }

    /// The definition of model `key` under `models:`.
    func model(_ key: String) -> YAMLNodeID? { models[key] }

    /// The value at `path` below a service's definition.
    func service(_ name: String, at path: String...) -> YAMLNodeID? {
        guard var node = services[name] else { return nil }
        for key in path {
            guard let next = document.lookup(key, in: node) else { return nil }
            node = next
        }
        return node
    }

    /// A mapping's values by key; the first entry wins.
    private static func index(_ document: ComposeDocument, _ node: YAMLNodeID?) -> [String: YAMLNodeID] {
        guard let node else { return [:] }
        let entries = document.namedEntries(of: node)
        var index: [String: YAMLNodeID] = [:]
        index.reserveCapacity(entries.count)
        for entry in entries where index[entry.name] == nil { index[entry.name] = entry.value }
        return index
    }
}
