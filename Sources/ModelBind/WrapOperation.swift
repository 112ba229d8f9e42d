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
        /// Relative paths with a variable in them, which could not be rewritten for the output's
        /// directory (see ``ComposeWrapper/rebase``).
        public var unmovedPaths: [SourceLocation]
        /// Where it was written, when `output` was given.
        public var written: String?
        public var notes: [String]
        public var warnings: [Diagnostic]
    }

    public func run(in context: OperationContext) throws -> Outcome {
        let (project, warnings) = try context.loadProject(load)
        let resolved = try ResolvedEndpoint.resolve(endpoint, environment: project.environment, context: context)
        let destination = output.map { PathUtilities.directory(of: context.absolute($0)) }
        let wrapped = try Self.render(
            project, endpoint: resolved, mode: mode, directory: destination, services: load.services)
        if let output, let destination {
            try AtomicFileWriter.makeDirectory(destination)
            try AtomicFileWriter.write(wrapped.text, to: context.absolute(output))
        }
        var notes = resolved.notes
        if !wrapped.unmovedPaths.isEmpty {
            notes.append(
                "these relative paths hold a variable and were written as they are, relative to "
                    + "\(context.relative(project.workingDirectory)) rather than the wrapped file's directory: "
                    + wrapped.unmovedPaths.map(\.description).joined(separator: ", "))
        }
        return Outcome(
            text: wrapped.text, unmovedPaths: wrapped.unmovedPaths, written: output, notes: notes, warnings: warnings)
    }

    /// The wrapped file for `project`, to be written into `directory` (nil: the project's), with
    /// only `services` when some are named (and the services they depend on, as Compose selects them).
    static func render(
        _ project: ComposeProject, endpoint: ResolvedEndpoint, mode: ComposeWrapper.Mode, directory: String?,
        services: [String] = []
    ) throws -> ComposeWrapper.Output {
        let environment = try BindingEnvironment(project: project, url: endpoint.url, includeInactive: true)
        let wrapper = ComposeWrapper(
            mode: mode, addHostGateway: endpoint.options.needsHostGateway,
            rebase: directory.map { PathRebase(from: project.workingDirectory, to: $0) },
            services: services.isEmpty ? nil : Set(project.activeServices))
        return try wrapper.wrap(project, environment: environment)
    }
}
