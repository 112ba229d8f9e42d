import BindingOutput
import ComposeLoading
import ComposeModel
import ComposeValidation
import ModelBindSupport
import Provisioning

/// `up`: the whole pre-compose step. Validate (errors stop before anything is pulled), prepare
/// every output in memory, pull and configure the models, then write the env files (and the
/// wrapped file), and say what to run next. Nothing is written unless every model is ready.
public struct UpOperation: Sendable {
    /// The project; its `services` are the ones to bring up.
    public var load: LoadOptions
    public var endpoint: EndpointSelection
    /// `--platform` was given, so the platform rule (MB601) applies.
    public var checksPlatform: Bool
    public var backend: String?
    public var provision: ProvisionOptions
    /// Where `<service>.env` files go; nil: `.modelbind` in the project directory.
    public var envDirectory: String?
    public var writesEnvFiles: Bool
    /// Also write a wrapped compose file here.
    public var wrap: String?
    public var wrapMode: ComposeWrapper.Mode
    /// Warnings fail validation too.
    public var strict: Bool

    public init(
        load: LoadOptions, endpoint: EndpointSelection = EndpointSelection(), checksPlatform: Bool = false,
        backend: String? = nil, provision: ProvisionOptions = ProvisionOptions(), envDirectory: String? = nil,
        writesEnvFiles: Bool = true, wrap: String? = nil, wrapMode: ComposeWrapper.Mode = .full, strict: Bool = false
    ) {
        self.load = load
        self.endpoint = endpoint
        self.checksPlatform = checksPlatform
        self.backend = backend
        self.provision = provision
        self.envDirectory = envDirectory
        self.writesEnvFiles = writesEnvFiles
        self.wrap = wrap
        self.wrapMode = wrapMode
        self.strict = strict
    }

    public struct Outcome: Sendable {
        public var provision: ProvisionOperation.Outcome
        /// Files written, in order (none on a dry run or a failure).
        public var written: [String]
        /// With `--dry-run`: the files that would be written.
        public var wouldWrite: [String]
        /// "Run this next" lines.
        public var nextSteps: [String]
    }

    /// Everything `up` writes, rendered before provisioning.
    struct Outputs {
        var envDirectory: String?
        var envFiles: EnvironmentFileSet?
        var wrapPath: String?
        var wrapText: String?

        var paths: [String] {
            (envFiles?.files.map { PathUtilities.join(envDirectory ?? ".", $0.name) } ?? [])
                + (wrapPath.map { [$0] } ?? [])
        }
    }

    public func run(in context: OperationContext, events: @escaping @Sendable (OperationEvent) -> Void = { _ in })
        async throws
        -> Outcome
    {
        let validation = ValidateOperation(load: load, backend: backend, endpoint: checksPlatform ? endpoint : nil)
            .run(in: context)
        events(.findings(validation.report.diagnostics))
        guard let project = validation.project, validation.report.passes(strict: strict) else {
            throw OperationError("validation failed; nothing was pulled or written")
        }
        let resolved = try ResolvedEndpoint.resolve(endpoint, environment: project.environment, context: context)
        for note in resolved.notes { events(.note(note)) }
        let outputs = try prepare(project, endpoint: resolved, context: context)
        let report = await ProvisionOperation.provision(
            project.activeModels, runner: resolved.runner, options: provision, events: { events(.provisioning($0)) })
        let provisioned = ProvisionOperation.Outcome(
            report: report, runner: resolved.runner, interrupted: Task.isCancelled, warnings: [])
        var outcome = Outcome(provision: provisioned, written: [], wouldWrite: [], nextSteps: [])
        guard !provisioned.interrupted, report.succeeded else { return outcome }
        if provision.dryRun {
            outcome.wouldWrite = outputs.paths
            return outcome
        }
        if let envFiles = outputs.envFiles, let directory = outputs.envDirectory {
            try envFiles.write(to: context.absolute(directory))
        }
        if let path = outputs.wrapPath, let text = outputs.wrapText {
            try AtomicFileWriter.makeDirectory(PathUtilities.directory(of: context.absolute(path)))
            try AtomicFileWriter.write(text, to: context.absolute(path))
        }
        outcome.written = outputs.paths
        outcome.nextSteps = NextSteps.lines(for: project, outputs: outputs, context: context)
        return outcome
    }

    private func prepare(_ project: ComposeProject, endpoint: ResolvedEndpoint, context: OperationContext) throws
        -> Outputs
    {
        var outputs = Outputs()
        if writesEnvFiles {
            let environment = try BindingEnvironment(project: project, url: endpoint.url)
            outputs.envDirectory =
                envDirectory ?? PathUtilities.join(context.relative(project.workingDirectory), ".modelbind")
            outputs.envFiles = try EnvironmentFileSet(environment, format: .dotenv, sourceFiles: project.files)
        }
        if let wrap {
            outputs.wrapPath = wrap
            outputs.wrapText = try WrapOperation.render(
                project, endpoint: endpoint, mode: wrapMode,
                directory: PathUtilities.directory(of: context.absolute(wrap)), services: load.services
            ).text
        }
        return outputs
    }
}
