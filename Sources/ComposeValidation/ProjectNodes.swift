import ComposeModel

/// The project's service definitions by name and model definitions by key, each built in one pass,
/// for rules that visit every service or model (looking each up in the merged mapping is a linear
/// search per lookup, quadratic over a project).
struct ProjectNodes {
    private let services: [String: ComposeNode]
    private let models: [String: ComposeNode]

    init(_ project: ComposeProject) {
        services = Self.index(project.document["services"])
        models = Self.index(project.document["models"])
    }

    /// The definition of service `name`, as ``ComposeProject/service(_:)`` returns it.
    func service(_ name: String) -> ComposeNode? { services[name] }

    /// The definition of model `key` under `models:`.
    func model(_ key: String) -> ComposeNode? { models[key] }

    /// A mapping's values by key; the first entry wins, as ``ComposeNode/subscript(_:)`` finds it.
    private static func index(_ node: ComposeNode?) -> [String: ComposeNode] {
        let entries = node?.entries ?? []
        var index: [String: ComposeNode] = [:]
        index.reserveCapacity(entries.count)
        for entry in entries where index[entry.key] == nil {
            index[entry.key] = entry.value
        }
        return index
    }
}
