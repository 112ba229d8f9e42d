import ComposeModel
import RunnerEndpoints

/// What the user said about the `*_URL` value and the runner (the endpoint flags), before the
/// machine is looked at.
public struct EndpointSelection: Sendable, Equatable {
    public var target: EndpointOptions.Target
    /// `--platform`; nil: Docker Desktop when its socket exists, else Docker Engine.
    public var platform: EndpointOptions.Platform?
    public var apiPath: EndpointOptions.APIPath
    public var backend: String?
    /// `--endpoint`: the value as is.
    public var endpoint: String?
    /// `--runner`; nil: `MODEL_RUNNER_HOST`, the Desktop socket, the default.
    public var runner: String?

    public init(
        target: EndpointOptions.Target = .container, platform: EndpointOptions.Platform? = nil,
        apiPath: EndpointOptions.APIPath = .engines, backend: String? = nil, endpoint: String? = nil,
        runner: String? = nil
    ) {
        self.target = target
        self.platform = platform
        self.apiPath = apiPath
        self.backend = backend
        self.endpoint = endpoint
        self.runner = runner
    }
}

/// An ``EndpointSelection`` decided against the machine: the runner to talk to, the options the
/// `*_URL` value comes from, and what is worth telling about the choice.
public struct ResolvedEndpoint: Sendable {
    public var runner: RunnerEndpoint
    public var options: EndpointOptions
    /// The URL every binding's endpoint variable gets.
    public var url: String
    /// Notes for the user: the platform when it was detected and decides the URL; a loopback runner
    /// replaced by the containers' address. Each said once.
    public var notes: [String]

    /// Resolves `selection`: the runner from the flag, else `MODEL_RUNNER_HOST` of `environment`
    /// (the project's), else the Desktop socket, else the default; the platform from the flag, else
    /// the Desktop socket.
    public static func resolve(
        _ selection: EndpointSelection, environment: [String: String], context: OperationContext
    ) throws(OperationError) -> ResolvedEndpoint {
        let discovery = context.runnerDiscovery(environment: environment)
        let runner: RunnerEndpoint
        do {
            runner = try RunnerEndpoint.resolve(flag: selection.runner, discovery: discovery)
        } catch {
            throw OperationError(error.description, usage: selection.runner != nil)
        }
        let options = EndpointOptions(
            target: selection.target, platform: selection.platform ?? discovery.platform, apiPath: selection.apiPath,
            backend: selection.backend, endpoint: selection.endpoint, runner: runner)
        var notes: [String] = []
        if selection.platform == nil, options.usesPlatformAddress {
            let reason =
                discovery.desktopSocket == nil
                ? "no Docker Desktop socket at ~/\(RunnerEndpoint.dockerDesktopSocket)"
                : "the Docker Desktop socket exists"
            notes.append("platform \(options.platform.rawValue) (\(reason)); choose with --platform")
        }
        if let note = options.loopbackNote { notes.append(note) }
        do {
            return ResolvedEndpoint(runner: runner, options: options, url: try options.url(), notes: notes)
        } catch {
            throw OperationError(error.description, usage: true)
        }
    }
}

/// A failure of an operation that is not about the compose files (those are ``DiagnosticError``s):
/// a message for `modelbind: error: …`, and whether it is a usage error (exit status 64).
public struct OperationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// A mistake in the command line (exit status 64) rather than a failure (1).
    public var isUsage: Bool

    public init(_ message: String, usage: Bool = false) {
        self.message = message
        self.isUsage = usage
    }

    public var description: String { message }
}
