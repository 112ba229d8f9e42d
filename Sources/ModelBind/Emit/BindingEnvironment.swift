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
        let bindings = includeInactive ? project.bindings : project.activeBindings
        // The loader lists each service's bindings together: each run is collected in a local array
        // (a service sets a handful of variables, so a scan finds a collision faster than hashing
        // would), then stored once. A service whose bindings come in several runs (a project built
        // by hand) picks up where its earlier run left off.
        var start = 0
        while start < bindings.count {
            let service = bindings[start].service
            let stored = byService[service]
            var variables = stored ?? []
            var index: [String: Int] = [:]
            var end = start
            while end < bindings.count, bindings[end].service == service {
                let binding = bindings[end]
                end += 1
                guard let model = models[binding.modelKey] else { continue }
                for (name, value) in [(binding.endpointVariable, url), (binding.modelVariable, model.model)] {
                    let earlier: Int?
                    if variables.count < 16 {
                        earlier = variables.firstIndex { $0.name == name }
                    } else {
                        if index.isEmpty {
                            for (position, variable) in variables.enumerated() where index[variable.name] == nil {
                                index[variable.name] = position
                            }
                        }
                        earlier = index[name]
                    }
                    if let earlier {
                        problems.append(
                            Diagnostic(
                                Rule.variableCollision,
                                "service \"\(service)\": bindings of \"\(variables[earlier].modelKey)\" and \"\(binding.modelKey)\" both set \(name)",
                                hint: "Give one of them its own `endpoint_var` / `model_var`.",
                                at: binding.location
                            )
                        )
                        continue
                    }
                    if !index.isEmpty { index[name] = variables.count }
                    variables.append(Variable(name: name, value: value, modelKey: binding.modelKey))
                }
            }
            // Only services that set a variable appear (one whose models are all undefined does not).
            if !variables.isEmpty {
                if stored == nil { order.append(service) }
                byService[service] = variables
            }
            start = end
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
