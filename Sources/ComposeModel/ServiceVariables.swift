/// The variables one service's bindings set (each binding's endpoint variable, then its model
/// variable, in binding order) and the names two of them set: the one collision rule (MB303) that
/// validation reports and the env writers refuse. Reused from service to service, so a large project
/// allocates its storage once.
package struct ServiceVariables {
    /// One variable a binding sets.
    package struct Variable: Sendable {
        package var name: String
        /// `endpoint_var` or `model_var`.
        package var field: String
        /// The key of the model whose binding sets it.
        package var modelKey: String
        /// Where that binding is written.
        package var bindingLocation: SourceLocation?
        /// Whether the name is written in the binding (rather than derived from the key).
        package var explicit: Bool
    }

    package private(set) var variables: [Variable] = []
    /// Pairs of positions in ``variables`` that set one name: the first setter, and a later one.
    package private(set) var collisions: [(earlier: Int, later: Int)] = []
    private var firsts = FirstPositions()

    package init() {}

    /// Takes the bindings of one service (forgetting the last service's).
    package mutating func reset(_ bindings: some Collection<ModelBinding>) {
        variables.removeAll(keepingCapacity: true)
        collisions.removeAll(keepingCapacity: true)
        firsts.removeAll()
        variables.reserveCapacity(bindings.count * 2)
        for binding in bindings {
            add(binding.endpointVariable, "endpoint_var", binding, explicit: binding.hasExplicitEndpointVariable)
            add(binding.modelVariable, "model_var", binding, explicit: binding.hasExplicitModelVariable)
        }
    }

    private mutating func add(_ name: String, _ field: String, _ binding: ModelBinding, explicit: Bool) {
        let variable = Variable(
            name: name, field: field, modelKey: binding.modelKey, bindingLocation: binding.location, explicit: explicit)
        if let earlier = firsts.insert(name, at: variables.count) {
            collisions.append((earlier, variables.count))
        }
        variables.append(variable)
    }

    /// The first variable setting `name`, if one does.
    package func first(named name: String) -> Variable? {
        firsts.position(of: name).map { variables[$0] }
    }

    /// The MB303 finding for a collision of service `service`, at `location` (the later binding's
    /// `endpoint_var`/`model_var`, or the binding).
    package func diagnostic(
        for collision: (earlier: Int, later: Int), service: String, at location: SourceLocation?
    ) -> Diagnostic {
        let earlier = variables[collision.earlier]
        let later = variables[collision.later]
        let message =
            earlier.modelKey == later.modelKey
            ? "service \"\(service)\": the binding of \"\(later.modelKey)\" uses \(later.name) for both "
                + "`endpoint_var` and `model_var`"
            : "service \"\(service)\": the bindings of \"\(earlier.modelKey)\" and \"\(later.modelKey)\" both set \(later.name)"
        return Diagnostic(
            Rule.variableCollision, message,
            hint: "Give one of them its own `\(later.field)`; Compose would pick a random winner.",
            at: location ?? later.bindingLocation)
    }
}
