import ComposeLoading
import ComposeModel
import ComposeValidation
import RunnerEndpoints

/// `validate`: loading plus every rule, every finding at `file:line:column`.
public struct ValidateOperation: Sendable {
    public var load: LoadOptions
    /// The backend whose runtime-flag allowlist applies (default `llama.cpp`).
    public var backend: String?
    /// Where containers run, for the platform rule (MB601); nil (no `--platform` given) skips it:
    /// the machine `validate` runs on, CI say, is not the deployment target.
    public var endpoint: EndpointSelection?

    public init(load: LoadOptions, backend: String? = nil, endpoint: EndpointSelection? = nil) {
        self.load = load
        self.backend = backend
        self.endpoint = endpoint
    }

    /// The project (when it could be built) and the report.
    public struct Outcome: Sendable {
        public var project: ComposeProject?
        public var report: ValidationReport
    }

    public func run(in context: OperationContext) -> Outcome {
        let result = context.loader.analyze(load)
        var diagnostics = result.diagnostics
        var files = load.files
        if let project = result.project {
            let endpoint = endpoint.flatMap {
                try? ResolvedEndpoint.resolve($0, environment: project.environment, context: context).options
            }
            var options = ValidationOptions(endpoint: endpoint)
            if let backend { options.backend = backend }
            diagnostics += Validator(options: options).validate(project)
            files = project.files
        }
        return Outcome(project: result.project, report: ValidationReport(diagnostics: diagnostics, files: files))
    }
}
