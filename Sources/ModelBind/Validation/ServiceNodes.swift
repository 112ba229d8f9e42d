/// The project's service definitions by name, built in one pass, for rules that visit every service
/// (``ComposeProject/service(_:)`` searches the mapping each time).
struct ServiceNodes {
    private let nodes: [String: ComposeNode]

    init(_ project: ComposeProject) {
        var nodes: [String: ComposeNode] = [:]
        for entry in project.document["services"]?.entries ?? [] where nodes[entry.key] == nil {
            nodes[entry.key] = entry.value
        }
        self.nodes = nodes
    }

    /// The definition of `name`, as ``ComposeProject/service(_:)`` returns it.
    subscript(name: String) -> ComposeNode? { nodes[name] }
}
