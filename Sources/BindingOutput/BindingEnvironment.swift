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
    /// Bound services left out because Compose creates no container for them (`scale: 0`,
    /// `deploy.replicas: 0`), sorted: Compose injects nothing into them.
    public var servicesWithoutContainers: [String]

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
        var withoutContainers: [String] = []
        // One table instead of `project.model(_:)`, a linear scan of the models per binding.
        let models = Dictionary(project.models.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var produced = ServiceVariables()
        for group in ModelBinding.groupedByService(includeInactive ? project.bindings : project.activeBindings) {
            if !includeInactive, project.servicesWithoutContainers.contains(group.service) {
                withoutContainers.append(group.service)
                continue
            }
            let bindings = group.bindings.filter { models[$0.modelKey] != nil }
            produced.reset(bindings)
            for collision in produced.collisions {
                problems.append(produced.diagnostic(for: collision, service: group.service, at: nil))
            }
            let variables = produced.variables.map { variable in
                Variable(
                    name: variable.name,
                    value: variable.field == "endpoint_var" ? url : models[variable.modelKey]?.model ?? "",
                    modelKey: variable.modelKey)
            }
            // Only services that set a variable appear (one whose models are all undefined does not).
            if !variables.isEmpty {
                order.append(group.service)
                byService[group.service] = variables
            }
        }
        for name in selected where byService[name] == nil {
            let exists = project.services.contains(name)
            let noContainer = withoutContainers.contains(name)
            problems.append(
                Diagnostic(
                    Rule.naming,
                    noContainer
                        ? "service \"\(name)\" has no container (scale 0), so Compose injects nothing into it"
                        : exists ? "service \"\(name)\" binds no models" : "no such service: \(name)",
                    hint: noContainer
                        ? "Give it `scale: 1` (or more) to get its variables."
                        : exists
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
        servicesWithoutContainers = withoutContainers.filter { wanted?.contains($0) ?? true }.sorted()
    }

    /// The variables of one service, if it has any.
    public func variables(of service: String) -> [Variable]? {
        services.first { $0.name == service }?.variables
    }
}
