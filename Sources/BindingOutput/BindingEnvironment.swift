import ComposeModel

/// The variables Compose would inject into each bound service: `*_URL` = the runner endpoint,
/// `*_MODEL` = `model:` as written. Only active services with bindings appear.
public struct BindingEnvironment: Sendable, Equatable {
    /// One injected variable.
    public struct Variable: Sendable, Equatable {
        public var name: String
        public var value: String
        /// The model key the variable comes from.
        public var modelKey: String
    }

    /// One service and its variables, sorted by name.
    public struct Service: Sendable, Equatable {
        public var name: String
        public var variables: [Variable]
    }

    /// Services sorted by name.
    public var services: [Service]

    /// Computes the variables; `selected` limits the services (each must exist and bind a model).
    /// `includeInactive` also covers services that profiles leave out (for `wrap`, whose output keeps them).
    public init(
        project: ComposeProject,
        url: String,
        selected: [String] = [],
        includeInactive: Bool = false
    ) throws(DiagnosticError) {
        var byService: [String: [Variable]] = [:]
        // Services in the order their bindings come (the loader's order: the files').
        var order: [String] = []
        var problems: [Diagnostic] = []
        // One table instead of `project.model(_:)`, a linear scan of the models per binding.
        let models = Dictionary(project.models.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        // Each service's variables are collected together; a collision is found by where the name
        // was first set (``FirstPositions``).
        var firsts = FirstPositions()
        for group in ModelBinding.groupedByService(includeInactive ? project.bindings : project.activeBindings) {
            var variables: [Variable] = []
            firsts.removeAll()
            func set(_ name: String, _ value: String, by binding: ModelBinding) {
                if let earlier = firsts.insert(name, at: variables.count) {
                    problems.append(
                        Diagnostic(
                            Rule.variableCollision,
                            "service \"\(group.service)\": bindings of \"\(variables[earlier].modelKey)\" and \"\(binding.modelKey)\" both set \(name)",
                            hint: "Give one of them its own `endpoint_var` / `model_var`.",
                            at: binding.location
                        )
                    )
                } else {
                    variables.append(Variable(name: name, value: value, modelKey: binding.modelKey))
                }
            }
            for binding in group.bindings {
                guard let model = models[binding.modelKey] else { continue }
                set(binding.endpointVariable, url, by: binding)
                set(binding.modelVariable, model.model, by: binding)
            }
            // Only services that set a variable appear (one whose models are all undefined does not).
            if !variables.isEmpty {
                order.append(group.service)
                byService[group.service] = variables
            }
        }
        for name in selected where byService[name] == nil {
            let exists = project.services.contains(name)
            problems.append(
                Diagnostic(
                    Rule.naming,
                    exists ? "service \"\(name)\" binds no models" : "no such service: \(name)",
                    hint: exists
                        ? "Add `models:` to the service, or name a service that has them."
                        : "Known services: \(project.services.joined(separator: ", ")).",
                    at: nil
                )
            )
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        let wanted = selected.isEmpty ? nil : Set(selected)
        // Sorted from the files' order, often sorted already or nearly so, which the sort exploits.
        let names = order.filter { wanted?.contains($0) ?? true }
        services = names.sorted().map { name in
            Service(name: name, variables: (byService[name] ?? []).sorted { $0.name < $1.name })
        }
    }

    /// The variables of one service, if it has any.
    public func variables(of service: String) -> [Variable]? {
        services.first { $0.name == service }?.variables
    }
}
