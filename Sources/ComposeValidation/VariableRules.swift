import ComposeModel

/// The variables bindings produce: valid explicit names (MB301), POSIX default names (MB302),
/// no collisions within a service (MB303), and no silent overwrite of `environment:` (MB304).
enum VariableRules {
    /// One variable a binding sets. Its position is looked up only when a finding needs it.
    struct Produced {
        var name: String
        var field: String
        /// The key of the model whose binding sets it.
        var modelKey: String
        /// Where that binding is written.
        var bindingLocation: SourceLocation?
        var explicit: Bool

        /// Where `endpoint_var` / `model_var` is written in `service`, else the binding itself.
        func location(in service: ComposeNode?) -> SourceLocation? {
            service?["models"]?[modelKey]?[field]?.location ?? bindingLocation
        }
    }

    static func check(_ project: ComposeProject, nodes: ProjectNodes) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var produced: [Produced] = []
        var firsts = FirstPositions()
        for group in ModelBinding.groupedByService(project.bindings) {
            diagnostics += check(
                service: group.service, bindings: group.bindings, node: nodes.service(group.service),
                produced: &produced, firsts: &firsts)
        }
        return diagnostics
    }

    /// The findings for one service's bindings; `produced` and `firsts` are scratch storage reused
    /// across services.
    private static func check(
        service: String, bindings: ArraySlice<ModelBinding>, node: ComposeNode?, produced: inout [Produced],
        firsts: inout FirstPositions
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        produced.removeAll(keepingCapacity: true)
        firsts.removeAll()
        produced.reserveCapacity(bindings.count * 2)
        for binding in bindings {
            produced.append(
                Produced(
                    name: binding.endpointVariable, field: "endpoint_var", modelKey: binding.modelKey,
                    bindingLocation: binding.location,
                    explicit: binding.hasExplicitEndpointVariable))
            produced.append(
                Produced(
                    name: binding.modelVariable, field: "model_var", modelKey: binding.modelKey,
                    bindingLocation: binding.location,
                    explicit: binding.hasExplicitModelVariable))
            let variables = produced[(produced.count - 2)...]
            if variables.contains(where: { $0.explicit || !EnvironmentVariableName.isPOSIX($0.name) }) {
                diagnostics += names(of: Array(variables), service: service, binding: binding, node: node)
            }
        }
        diagnostics += collisions(produced, service: service, node: node, firsts: &firsts)
        if let environment = node?["environment"] {
            diagnostics += overwrites(produced, firsts: firsts, environment: environment, service: service)
        }
        return diagnostics
    }

    /// MB301 for explicit names that are not variable names, MB302 for non-POSIX default names.
    private static func names(of variables: [Produced], service: String, binding: ModelBinding, node: ComposeNode?)
        -> [Diagnostic]
    {
        var diagnostics: [Diagnostic] = []
        for variable in variables where variable.explicit && !EnvironmentVariableName.isValid(variable.name) {
            diagnostics.append(
                Diagnostic(
                    Rule.invalidVariableName,
                    "`\(variable.field)` \"\(variable.name)\" of service \"\(service)\" is not a valid environment variable name",
                    hint: "Use letters, digits and '_', not starting with a digit (e.g. \(suggestion(for: variable))).",
                    at: variable.location(in: node)
                )
            )
        }
        let nonPOSIX = variables.filter { !$0.explicit && !EnvironmentVariableName.isPOSIX($0.name) }
        if !nonPOSIX.isEmpty {
            let names = nonPOSIX.map(\.name).joined(separator: " and ")
            let fields = nonPOSIX.map { "`\($0.field): \(suggestion(for: $0))`" }.joined(separator: " and ")
            diagnostics.append(
                Diagnostic(
                    Rule.nonPOSIXVariableName,
                    "model key \"\(binding.modelKey)\" gives service \"\(service)\" the variable\(nonPOSIX.count == 1 ? "" : "s") "
                        + "\(names), which \(nonPOSIX.count == 1 ? "is not a POSIX name" : "are not POSIX names")",
                    hint: "Shells and many programs cannot read such names; set \(fields) in the binding.",
                    at: binding.location
                )
            )
        }
        return diagnostics
    }

    /// MB303: two bindings (or both variables of one binding) producing the same name.
    /// Fills `firsts` with where each name is first produced.
    private static func collisions(
        _ produced: [Produced], service: String, node: ComposeNode?, firsts: inout FirstPositions
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, variable) in produced.enumerated() {
            guard let earlierIndex = firsts.insert(variable.name, at: index) else { continue }
            let earlier = produced[earlierIndex]
            let message: String
            if earlier.modelKey == variable.modelKey {
                message =
                    "service \"\(service)\": the binding of \"\(variable.modelKey)\" uses \(variable.name) "
                    + "for both `endpoint_var` and `model_var`"
            } else {
                message =
                    "service \"\(service)\": the bindings of \"\(earlier.modelKey)\" and "
                    + "\"\(variable.modelKey)\" both set \(variable.name)"
            }
            diagnostics.append(
                Diagnostic(
                    Rule.variableCollision,
                    message,
                    hint: "Give one of them its own `\(variable.field)`; Compose would pick a random winner.",
                    at: variable.location(in: node)
                )
            )
        }
        return diagnostics
    }

    /// MB304: a binding variable that the service also sets in `environment:`.
    /// `firsts` says where each name is first produced (see ``collisions(_:service:node:firsts:)``).
    private static func overwrites(
        _ produced: [Produced], firsts: FirstPositions, environment: ComposeNode, service: String
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        forEachEnvironmentName(environment) { name, location in
            guard let variable = firsts.position(of: name).map({ produced[$0] }) else { return }
            diagnostics.append(
                Diagnostic(
                    Rule.environmentOverwritten,
                    "service \"\(service)\" sets \(name) in `environment:`, but the binding of "
                        + "\"\(variable.modelKey)\" overwrites it",
                    hint:
                        "Compose replaces this value silently; remove it, or set `\(variable.field)` to another name.",
                    at: location
                )
            )
        }
        return diagnostics
    }

    /// Calls `body` with each name an `environment:` list (`NAME=value`, `NAME`) or mapping sets,
    /// and its position, in order.
    static func forEachEnvironmentName(_ node: ComposeNode, _ body: (String, SourceLocation) -> Void) {
        if case .mapping(let entries) = node.content {
            for entry in entries { body(entry.key, entry.keyLocation) }
            return
        }
        guard case .sequence(let items) = node.content else { return }
        for item in items {
            guard let text = item.scalar?.text, !item.isNull else { continue }
            let name = text.utf8.firstIndex(of: UInt8(ascii: "=")).map { String(text[..<$0]) } ?? text
            if !name.isEmpty { body(name, item.location) }
        }
    }

    /// A POSIX spelling of `variable`'s name: other characters become `_`, a leading digit gets `_`.
    private static func suggestion(for variable: Produced) -> String {
        var name = String(
            variable.name.uppercased().unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                    ? Character(scalar) : "_"
            }
        )
        if name.isEmpty { name = variable.field == "endpoint_var" ? "LLM_URL" : "LLM_MODEL" }
        if let first = name.unicodeScalars.first, ("0"..."9").contains(first) { name = "_" + name }
        return name
    }
}
