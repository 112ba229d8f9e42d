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
        var problems: [Diagnostic] = []
        var sources: [String: [String: ModelBinding]] = [:]
        // One table instead of `project.model(_:)`, a linear scan of the models per binding.
        let models = Dictionary(project.models.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for binding in includeInactive ? project.bindings : project.activeBindings {
            guard let model = models[binding.modelKey] else { continue }
            for (name, value) in [(binding.endpointVariable, url), (binding.modelVariable, model.model)] {
                if let first = sources[binding.service]?[name] {
                    problems.append(
                        Diagnostic(
                            Rule.variableCollision,
                            "service \"\(binding.service)\": bindings of \"\(first.modelKey)\" and \"\(binding.modelKey)\" both set \(name)",
                            hint: "Give one of them its own `endpoint_var` / `model_var`.",
                            at: binding.location
                        )
                    )
                    continue
                }
                sources[binding.service, default: [:]][name] = binding
                byService[binding.service, default: []].append(
                    Variable(name: name, value: value, modelKey: binding.modelKey))
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
        let wanted = selected.isEmpty ? Set(byService.keys) : Set(selected)
        services = byService.keys.filter(wanted.contains).sorted().map { name in
            Service(name: name, variables: (byService[name] ?? []).sorted { $0.name < $1.name })
        }
    }

    /// The variables of one service, if it has any.
    public func variables(of service: String) -> [Variable]? {
        services.first { $0.name == service }?.variables
    }
}
