import YAML

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
        validate(project, variableRulesApart: Self.runsVariableRulesApart(project))
    }

    /// ``validate(_:)``, with the variable rules on a second thread or not (tests compare the two).
    func validate(_ project: ComposeProject, variableRulesApart: Bool) -> [Diagnostic] {
        let nodes = ProjectNodes(project)
        // The variable rules are the costliest on a large project (two variables per binding,
        // checked against each service's environment); there they run on a thread of their own
        // while the other rules run here. The findings are joined in the same order either way.
        let variables = variableRulesApart ? JoinableThread { VariableRules.check(project, nodes: nodes) } : nil
        var diagnostics = ModelKeyRules.check(project)
        diagnostics += ReferenceRules.check(project)
        var after = ModelReferenceRules.check(project, nodes: nodes)
        after += RuntimeFlagRules(backend: options.backend).check(project, nodes: nodes)
        if let endpoint = options.endpoint {
            after += PlatformRules.check(project, nodes: nodes, endpoint: endpoint)
        }
        diagnostics += variables?.join() ?? VariableRules.check(project, nodes: nodes)
        diagnostics += after
        return DiagnosticOrdering.sorted(diagnostics)
    }

    /// Projects with at least this many bindings check variables on a second thread.
    static let variableRulesThreadThreshold = 1_000

    /// Whether ``validate(_:)`` runs the variable rules on a thread of their own.
    static func runsVariableRulesApart(_ project: ComposeProject) -> Bool {
        project.bindings.count >= variableRulesThreadThreshold && OnlineProcessors.count > 1
    }
}
