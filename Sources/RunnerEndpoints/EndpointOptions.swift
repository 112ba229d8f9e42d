import Foundation

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
    /// The runner URL from `--runner` or `MODEL_RUNNER_HOST`: the value is that URL plus the path.
    public var runner: String?

    public init(
        target: Target = .container,
        platform: Platform = .engine,
        apiPath: APIPath = .engines,
        backend: String? = nil,
        endpoint: String? = nil,
        runner: String? = nil
    ) {
        self.target = target
        self.platform = platform
        self.apiPath = apiPath
        self.backend = backend
        self.endpoint = endpoint
        self.runner = runner
    }

    /// The default platform: `desktop` when the Docker Desktop socket exists, else `engine`.
    public static func detectPlatform(
        home: String? = ProcessInfo.processInfo.environment["HOME"],
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> Platform {
        guard let home else { return .engine }
        return fileExists(home + "/.docker/run/docker.sock") ? .desktop : .engine
    }

    /// The URL every binding's endpoint variable gets; always ends in `/`.
    public func url() throws(EndpointError) -> String {
        if let endpoint {
            guard !endpoint.isEmpty, !endpoint.contains(where: \.isNewline) else {
                throw EndpointError("--endpoint must be a URL such as http://localhost:12434/engines/v1/")
            }
            return endpoint.hasSuffix("/") ? endpoint : endpoint + "/"
        }
        let path = try self.path()
        if let runner, let base = Self.httpBase(runner) {
            return base + path
        }
        switch (platform, target) {
        case (.desktop, .container): return "http://model-runner.docker.internal" + path
        case (.engine, .container): return "http://model-runner.docker.internal:12434" + path
        case (_, .host): return "http://localhost:12434" + path
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

    /// Whether containers need `extra_hosts: model-runner.docker.internal:host-gateway` to reach the runner.
    public var needsHostGateway: Bool {
        endpoint == nil && target == .container && platform == .engine
            && (runner.flatMap(Self.httpBase) == nil)
    }

    /// A note when containers are the target but the runner URL is a loopback address they cannot reach
    /// (the value is used as given, as Compose does with `MODEL_RUNNER_HOST`).
    public var loopbackNote: String? {
        guard endpoint == nil, target == .container, let runner,
            let parsed = try? RunnerEndpoint(parsing: runner), let base = parsed.httpBaseURL,
            case .tcp(_, let authority) = parsed.transport
        else { return nil }
        let host =
            authority.hasPrefix("[")
            ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" })
        guard host == "localhost" || host.hasPrefix("127.") || host == "[::1]" else { return nil }
        return "the runner URL \(base) is a loopback address, which containers cannot reach; the *_URL values "
            + "use it as given (as Compose does with MODEL_RUNNER_HOST). For containers pass --endpoint with an "
            + "address they can reach; for processes on this machine use --target host"
    }

    /// The `extra_hosts` entry Docker Engine containers need.
    public static let hostGatewayEntry = "model-runner.docker.internal:host-gateway"

    /// The runner's `http(s)://host[:port][/prefix]`, parsed by the same rules as provisioning uses
    /// (`RunnerEndpoint`: scheme optional); `nil` for unix sockets and unparsable values.
    static func httpBase(_ runner: String) -> String? {
        (try? RunnerEndpoint(parsing: runner))?.httpBaseURL
    }
}

/// An endpoint option that cannot give a URL.
public struct EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
