import ComposeModel
import YAML

/// The variables bindings produce: POSIX default names (MB302) (valid explicit names, MB301, are
/// checked while loading),
/// no collisions within a service (MB303, the rule ``ServiceVariables`` holds), and no silent
/// overwrite of `environment:` (MB304).
enum VariableRules {
    static func check(_ project: ComposeProject, nodes: ProjectNodes) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var variables = ServiceVariables()
        for group in ModelBinding.groupedByService(project.bindings) {
            variables.reset(group.bindings)
            diagnostics += check(group.service, group.bindings, variables: variables, nodes: nodes)
        }
        return diagnostics
    }

    /// Where `endpoint_var` / `model_var` is written in the service, else the binding itself.
    private static func location(
        of variable: ServiceVariables.Variable, service: String, nodes: ProjectNodes
    ) -> SourceLocation? {
        nodes.service(service, at: "models", variable.modelKey, variable.field).map(nodes.document.location(of:))
            ?? variable.bindingLocation
    }

    private static func check(
        _ service: String, _ bindings: ArraySlice<ModelBinding>, variables: ServiceVariables, nodes: ProjectNodes
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, binding) in bindings.enumerated() {
            let pair = variables.variables[(2 * index)..<(2 * index + 2)]
            if pair.contains(where: { $0.explicit || !EnvironmentVariableName.isPOSIX($0.name) }) {
                diagnostics += names(of: Array(pair), service: service, binding: binding, nodes: nodes)
            }
        }
        for collision in variables.collisions {
            let later = variables.variables[collision.later]
            diagnostics.append(
                variables.diagnostic(
                    for: collision, service: service, at: location(of: later, service: service, nodes: nodes)))
        }
        if let environment = nodes.service(service, at: "environment") {
            for (name, location) in nodes.document.keyedNames(of: environment) {
                guard let variable = variables.first(named: name) else { continue }
                diagnostics.append(
                    Diagnostic(
                        Rule.environmentOverwritten,
                        "service \"\(service)\" sets \(name) in `environment:`, but the binding of "
                            + "\"\(variable.modelKey)\" overwrites it",
                        hint:
                            "Compose replaces this value silently; remove it, or set `\(variable.field)` to another name.",
                        at: location))
            }
        }
        return diagnostics
    }

    /// MB302 for non-POSIX default names.
    private static func names(
        of variables: [ServiceVariables.Variable], service: String, binding: ModelBinding, nodes: ProjectNodes
    ) -> [Diagnostic] {
        // MB301 (an explicit name no env file can hold) is the loader's: every command refuses it.
        var diagnostics: [Diagnostic] = []
        let nonPOSIX = variables.filter {
            !$0.explicit && !EnvironmentVariableName.isPOSIX($0.name)
                && ModelHints.unusableKeyProblem($0.modelKey) == nil
        }
        if !nonPOSIX.isEmpty {
            let names = nonPOSIX.map(\.name).joined(separator: " and ")
            let fields = nonPOSIX.map { "`\($0.field): \(suggestion(for: $0))`" }.joined(separator: " and ")
            diagnostics.append(
                Diagnostic(
                    Rule.nonPOSIXVariableName,
                    "model key \"\(binding.modelKey)\" gives service \"\(service)\" the variable\(nonPOSIX.count == 1 ? "" : "s") "
                        + "\(names), which \(nonPOSIX.count == 1 ? "is not a POSIX name" : "are not POSIX names")",
                    hint: "Shells and many programs cannot read such names; set \(fields) in the binding.",
                    at: binding.location))
        }
        return diagnostics
    }

    /// A POSIX spelling of `variable`'s name: other characters become `_`, a leading digit gets `_`.
    private static func suggestion(for variable: ServiceVariables.Variable) -> String {
        ModelHints.posixSpelling(
            of: variable.name, fallback: variable.field == "endpoint_var" ? "LLM_URL" : "LLM_MODEL")
    }
}
