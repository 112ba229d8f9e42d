import ComposeModel

/// Runs every validation rule over a loaded project (the checks beyond what loading reports).
///
/// Loading already reports YAML, interpolation and schema findings (MB001–MB107) and undefined
/// models of active services (MB201); `Validator` adds the rest. `ValidationRun` combines both.
public struct Validator: Sendable {
    /// The backend and endpoint setup the rules check against.
    public var options: ValidationOptions

    /// A validator for `options`.
    public init(options: ValidationOptions = ValidationOptions()) {
        self.options = options
    }

    /// Every finding of the validation rules for `project`, sorted by file and position.
    public func validate(_ project: ComposeProject) -> [Diagnostic] {
        let nodes = ProjectNodes(project)
        var diagnostics = ReferenceRules.check(project)
        diagnostics += VariableRules.check(project, nodes: nodes)
        diagnostics += ModelReferenceRules.check(project, nodes: nodes)
        diagnostics += RuntimeFlagRules(backend: options.backend).check(project, nodes: nodes)
        if let endpoint = options.endpoint {
            diagnostics += PlatformRules.check(project, nodes: nodes, endpoint: endpoint)
        }
        return DiagnosticOrdering.sorted(diagnostics)
    }
}
