/// How the `*_URL` value is computed (the Endpoints table of ARCHITECTURE.md).
public struct EndpointOptions: Sendable, Equatable {
    /// Who reads the variables: containers (as Compose injects them) or processes on the host.
    public enum Target: String, Sendable, CaseIterable {
        case container
        case host
    }

    /// Where the runner lives: Docker Desktop, or Docker Engine with the runner container.
    public enum Platform: String, Sendable, CaseIterable {
        case desktop
        case engine
    }

    /// The OpenAI-compatible path: `/engines/v1/` (DMR's own) or `/v1/` (what current Compose injects).
    public enum APIPath: String, Sendable, CaseIterable {
        case engines
        case v1
    }

    public var target: Target
    public var platform: Platform
    public var apiPath: APIPath
    /// A backend name (`llama.cpp`) gives `/engines/<backend>/v1/`.
    public var backend: String?
    /// Replaces the whole value (a trailing `/` is added when missing).
    public var endpoint: String?
    /// Where modelbind reaches the runner (`--runner`, `MODEL_RUNNER_HOST`, ...); it decides the URL
    /// as the Endpoints table of ARCHITECTURE.md says.
    public var runner: RunnerEndpoint?

    public init(
        target: Target = .container,
        platform: Platform = .engine,
        apiPath: APIPath = .engines,
        backend: String? = nil,
        endpoint: String? = nil,
        runner: RunnerEndpoint? = nil
    ) {
        self.target = target
        self.platform = platform
        self.apiPath = apiPath
        self.backend = backend
        self.endpoint = endpoint
        self.runner = runner
    }

    /// The host containers reach the runner at, on both platforms.
    public static let containerHost = "model-runner.docker.internal"

    /// The URL every binding's endpoint variable gets; always ends in `/`.
    ///
    /// For the host, the runner's own URL (`http://localhost:12434` for a socket or none). For
    /// containers, a runner at a non-loopback address is used as given; a loopback one, or none, is
    /// the platform's container address: `http://model-runner.docker.internal` on Docker Desktop,
    /// `http://model-runner.docker.internal:PORT` on Docker Engine (the runner's port, else 12434).
    public func url() throws(EndpointError) -> String {
        if let endpoint {
            guard !endpoint.isEmpty, !endpoint.contains(where: \.isNewline) else {
                throw EndpointError("--endpoint must be a URL such as http://localhost:12434/engines/v1/")
            }
            return endpoint.hasSuffix("/") ? endpoint : endpoint + "/"
        }
        let path = try self.path()
        let tcpBase = runner?.httpBaseURL
        switch target {
        case .host:
            return (tcpBase ?? "http://localhost:12434") + path
        case .container:
            if let runner, let tcpBase, !runner.isLoopback { return tcpBase + path }
            switch platform {
            case .desktop: return "http://\(Self.containerHost)" + path
            case .engine:
                let port = runner?.isLoopback == true ? runner?.port ?? 12434 : 12434
                return "http://\(Self.containerHost):\(port)" + path
            }
        }
    }

    /// `/engines/v1/`, `/engines/<backend>/v1/` or `/v1/`.
    public func path() throws(EndpointError) -> String {
        switch apiPath {
        case .engines:
            guard let backend else { return "/engines/v1/" }
            guard !backend.isEmpty, !backend.contains("/"), !backend.contains(where: \.isWhitespace) else {
                throw EndpointError("--backend must be a backend name such as llama.cpp or vllm")
            }
            return "/engines/\(backend)/v1/"
        case .v1:
            guard backend == nil else {
                throw EndpointError(
                    "--backend selects /engines/<backend>/v1/; it cannot be combined with --api-path v1")
            }
            return "/v1/"
        }
    }

    /// Whether the URL is the platform's container address, which depends on ``platform``.
    public var usesPlatformAddress: Bool {
        guard endpoint == nil, target == .container else { return false }
        guard let runner, runner.httpBaseURL != nil else { return true }
        return runner.isLoopback
    }

    /// Whether containers need `extra_hosts: model-runner.docker.internal:host-gateway` to reach the runner.
    public var needsHostGateway: Bool {
        usesPlatformAddress && platform == .engine
    }

    /// What to tell the user when a loopback runner address was replaced by the containers' address
    /// (Compose would inject the loopback address, which containers cannot reach).
    public var loopbackNote: String? {
        guard usesPlatformAddress, let runner, runner.isLoopback,
            runner.source == .flag || runner.source == .environment,
            let base = runner.httpBaseURL,
            let url = try? url()
        else { return nil }
        return "the runner \(base) is a loopback address, which containers cannot reach; they get \(url) "
            + "(use --target host for processes on this machine, or --endpoint to choose)"
    }

    /// The `extra_hosts` entry Docker Engine containers need.
    public static let hostGatewayEntry = "\(containerHost):host-gateway"
}

/// An endpoint option that cannot give a URL.
public struct EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
