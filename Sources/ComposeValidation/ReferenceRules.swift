import ComposeModel

/// References between services and models: undefined models in inactive services (MB201, as a
/// warning; loading reports active ones as errors) and models no active service binds (MB202).
enum ReferenceRules {
    static func check(_ project: ComposeProject) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let keys = project.models.map(\.key)
        // One pass sorts bindings into active (their models are used) and inactive; with every
        // service active no name needs hashing.
        let allActive = project.allServicesActive
        let active: Set<String> = allActive ? [] : Set(project.activeServices)
        var inactiveBindings: [ModelBinding] = []
        var used: Set<String> = []
        for binding in project.bindings {
            if allActive || active.contains(binding.service) {
                used.insert(binding.modelKey)
            } else {
                inactiveBindings.append(binding)
            }
        }
        let defined = inactiveBindings.isEmpty ? [] : Set(keys)
        for binding in inactiveBindings where !defined.contains(binding.modelKey) {
            diagnostics.append(
                Diagnostic(
                    severity: .warning,
                    code: Rule.undefinedModel.code,
                    message:
                        "service \"\(binding.service)\" (not active) refers to undefined model \"\(binding.modelKey)\"",
                    hint: ModelHints.undefinedModel(binding.modelKey, defined: keys)
                        + " Compose fails once the service is enabled.",
                    location: binding.location
                )
            )
        }
        for model in project.models where !used.contains(model.key) {
            let inactiveUsers = project.bindings.filter { $0.modelKey == model.key }.map(\.service)
            let message: String
            if inactiveUsers.isEmpty {
                message = "model \"\(model.key)\" is not used by any service"
            } else {
                let names = inactiveUsers.map { "\"\($0)\"" }.joined(separator: ", ")
                message = "model \"\(model.key)\" is used only by services that are not active (\(names))"
            }
            diagnostics.append(
                Diagnostic(
                    Rule.unusedModel,
                    message,
                    hint: "Bind it in a service's `models:` or remove it; only models of active services are pulled.",
                    at: model.location
                )
            )
        }
        return diagnostics
    }
}
