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

    /// Up to this many variables per service, lookups scan instead of hashing.
    private static let smallCount = 16

    static func check(_ project: ComposeProject, nodes: ProjectNodes) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // The loader lists bindings service by service, so each service's bindings are one run of
        // the array and are checked in place; a project built by hand in another order is grouped.
        let bindings = project.bindings
        var runs: [Range<Int>] = []
        var seen: Set<String> = []
        var start = 0
        while start < bindings.count {
            var end = start + 1
            while end < bindings.count, bindings[end].service == bindings[start].service { end += 1 }
            guard seen.insert(bindings[start].service).inserted else {
                return checkGrouped(project, nodes: nodes)
            }
            runs.append(start..<end)
            start = end
        }
        var produced: [Produced] = []
        for run in runs {
            let service = bindings[run.lowerBound].service
            diagnostics += check(
                service: service, bindings: bindings[run], node: nodes.service(service), produced: &produced)
        }
        return diagnostics
    }

    /// ``check(_:nodes:)`` for bindings not listed service by service.
    private static func checkGrouped(_ project: ComposeProject, nodes: ProjectNodes) -> [Diagnostic] {
        var byService: [String: [ModelBinding]] = [:]
        for binding in project.bindings { byService[binding.service, default: []].append(binding) }
        var diagnostics: [Diagnostic] = []
        var produced: [Produced] = []
        for service in project.services {
            guard let bindings = byService[service] else { continue }
            diagnostics += check(
                service: service, bindings: bindings[...], node: nodes.service(service), produced: &produced)
        }
        return diagnostics
    }

    /// The findings for one service's bindings; `produced` is scratch storage reused across services.
    private static func check(
        service: String, bindings: ArraySlice<ModelBinding>, node: ComposeNode?, produced: inout [Produced]
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        produced.removeAll(keepingCapacity: true)
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
        diagnostics += collisions(produced, service: service, node: node)
        if let environment = node?["environment"] {
            diagnostics += overwrites(produced, environment: environment, service: service)
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
    private static func collisions(_ produced: [Produced], service: String, node: ComposeNode?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var first: [String: Int] = [:]
        for (index, variable) in produced.enumerated() {
            let earlierIndex: Int?
            if produced.count <= smallCount {
                // A service has a handful of variables: a scan beats hashing each name.
                earlierIndex = produced[..<index].firstIndex { $0.name == variable.name }
            } else {
                earlierIndex = first[variable.name]
                if earlierIndex == nil { first[variable.name] = index }
            }
            guard let earlierIndex else { continue }
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
    private static func overwrites(_ produced: [Produced], environment: ComposeNode, service: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let byName =
            produced.count <= smallCount
            ? [:] : Dictionary(produced.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        forEachEnvironmentName(environment) { name, location in
            guard
                let variable = produced.count <= smallCount ? produced.first(where: { $0.name == name }) : byName[name]
            else { return }
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
