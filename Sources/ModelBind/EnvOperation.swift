import BindingOutput
import ComposeLoading
import ComposeModel
import ModelBindSupport

/// `env`: the `*_URL` / `*_MODEL` variables Compose would inject into each bound service, printed
/// or written as one file per service.
public struct EnvOperation: Sendable {
    public var load: LoadOptions
    public var endpoint: EndpointSelection
    public var format: EnvironmentFormat
    /// Write `<service>.<ext>` files here (created with its parents); nil prints.
    public var output: String?
    /// With `output`: write nothing, report what would change.
    public var check: Bool
    /// Limit to these services (each must bind a model).
    public var services: [String]

    public init(
        load: LoadOptions, endpoint: EndpointSelection = EndpointSelection(), format: EnvironmentFormat = .dotenv,
        output: String? = nil, check: Bool = false, services: [String] = []
    ) {
        self.load = load
        self.endpoint = endpoint
        self.format = format
        self.output = output
        self.check = check
        self.services = services
    }

    public struct Outcome: Sendable {
        /// What to print on standard output (without `output`).
        public var text: String?
        /// Files written (absolute or as given), in order.
        public var written: [String]
        /// With `check`: what differs, and the unified diff of the changes; empty when up to date.
        public var drift: [EnvironmentFileSet.Drift]
        public var diff: [String]
        /// How many files `check` compared.
        public var fileCount: Int
        /// Notes for the user (platform, loopback runner, services that get nothing), and loading's warnings.
        public var notes: [String]
        public var warnings: [Diagnostic]
    }

    public func run(in context: OperationContext) throws -> Outcome {
        let (project, warnings) = try context.loadProject(load)
        let resolved = try ResolvedEndpoint.resolve(endpoint, environment: project.environment, context: context)
        let environment = try BindingEnvironment(project: project, url: resolved.url, selected: services)
        var outcome = Outcome(
            text: nil, written: [], drift: [], diff: [], fileCount: 0,
            notes: resolved.notes + Self.containerlessNotes(environment), warnings: warnings)
        guard let output else {
            outcome.text = try EnvironmentRenderer.render(environment, format: format, sourceFiles: project.files)
            return outcome
        }
        let files = try EnvironmentFileSet(environment, format: format, sourceFiles: project.files)
        let directory = context.absolute(output)
        outcome.fileCount = files.files.count
        if check {
            outcome.drift = files.drift(in: directory)
            outcome.diff = files.diff(in: directory)
            if !outcome.drift.isEmpty {
                outcome.notes.append(
                    "the URLs depend on --target \(resolved.options.target.rawValue) and --platform "
                        + "\(resolved.options.platform.rawValue); pass both to pin them in CI")
            }
            return outcome
        }
        try files.write(to: directory)
        outcome.written = files.files.map { PathUtilities.join(output, $0.name) }
        return outcome
    }

    /// What to say about bound services Compose creates no container for.
    static func containerlessNotes(_ environment: BindingEnvironment) -> [String] {
        environment.servicesWithoutContainers.map {
            "service \"\($0)\" has no container (scale 0): Compose injects nothing into it, so it gets no variables"
        }
    }
}
