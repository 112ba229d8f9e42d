import BindingOutput
import ComposeLoading
import ComposeModel
import ModelBindSupport

/// `wrap`: a compose file with the model variables in each bound service's `environment:` and
/// `models:` removed, for Compose before 2.38, podman-compose and anything else that ignores `models:`.
public struct WrapOperation: Sendable {
    public var load: LoadOptions
    public var endpoint: EndpointSelection
    public var mode: ComposeWrapper.Mode
    /// Write the file here (atomically); nil prints it.
    public var output: String?

    public init(
        load: LoadOptions, endpoint: EndpointSelection = EndpointSelection(), mode: ComposeWrapper.Mode = .full,
        output: String? = nil
    ) {
        self.load = load
        self.endpoint = endpoint
        self.mode = mode
        self.output = output
    }

    public struct Outcome: Sendable {
        /// The wrapped file's text.
        public var text: String
        /// Where it was written, when `output` was given.
        public var written: String?
        public var notes: [String]
        public var warnings: [Diagnostic]
    }

    public func run(in context: OperationContext) throws -> Outcome {
        let (project, warnings) = try context.loadProject(load)
        let resolved = try ResolvedEndpoint.resolve(endpoint, environment: project.environment, context: context)
        let text = try Self.render(project, endpoint: resolved, mode: mode)
        if let output { try AtomicFileWriter.write(text, to: context.absolute(output)) }
        return Outcome(text: text, written: output, notes: resolved.notes, warnings: warnings)
    }

    /// The wrapped file's text for `project`.
    static func render(_ project: ComposeProject, endpoint: ResolvedEndpoint, mode: ComposeWrapper.Mode) throws
        -> String
    {
        let environment = try BindingEnvironment(project: project, url: endpoint.url, includeInactive: true)
        let wrapper = ComposeWrapper(mode: mode, addHostGateway: endpoint.options.needsHostGateway)
        return try wrapper.yaml(for: project, environment: environment)
    }
}
