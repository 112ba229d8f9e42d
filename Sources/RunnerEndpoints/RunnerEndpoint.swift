import ModelBindSupport

/// Where the Docker Model Runner's management API listens, and how to reach it.
///
/// Resolution order: `--runner URL` > `MODEL_RUNNER_HOST` > the Docker Desktop socket
/// (`~/.docker/run/docker.sock`, paths prefixed `/exp/vDD4.40`) > `http://localhost:12434`.
public struct RunnerEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// How bytes reach the runner.
    public enum Transport: Sendable, Hashable {
        /// HTTP or HTTPS over TCP; `scheme` is `http` or `https`, `authority` is `host[:port]`.
        case tcp(scheme: String, authority: String)
        /// HTTP over a unix-domain socket at this absolute path.
        case unixSocket(path: String)
    }

    /// Which rule of the resolution order chose the endpoint.
    public enum Source: String, Sendable, Hashable {
        case flag
        case environment
        case dockerDesktop
        case defaultTCP
    }

    /// The path prefix Docker Desktop puts in front of every runner route on its API socket.
    public static let dockerDesktopPathPrefix = "/exp/vDD4.40"
    /// The Docker Desktop API socket, relative to the home directory.
    public static let dockerDesktopSocket = ".docker/run/docker.sock"

    public var transport: Transport
    /// Prepended to every API path; empty or starting with `/` and never ending with `/`.
    public var pathPrefix: String
    public var source: Source

    public init(transport: Transport, pathPrefix: String = "", source: Source = .flag) {
        self.transport = transport
        self.pathPrefix = pathPrefix
        self.source = source
    }

    /// Parses `http://host:port[/prefix]`, `https://…`, `unix:///absolute/path`, or a bare
    /// `host:port` (taken as `http`).
    public init(parsing text: String, source: Source = .flag) throws(RunnerEndpointError) {
        let trimmed = PercentEncoding.trim(text)
        guard !trimmed.isEmpty else { throw RunnerEndpointError(input: text, reason: "the runner URL is empty") }
        let scheme: String
        let rest: Substring
        if let range = trimmed.firstRange(of: "://") {
            scheme = trimmed[..<range.lowerBound].lowercased()
            rest = trimmed[range.upperBound...]
        } else {
            scheme = "http"
            rest = Substring(trimmed)
        }
        switch scheme {
        case "unix":
            guard rest.hasPrefix("/"), rest.count > 1 else {
                throw RunnerEndpointError(
                    input: text,
                    reason: "a unix socket URL needs an absolute path, as in unix:///var/run/model-runner.sock")
            }
            let path = String(rest)
            // Docker's own API socket serves the runner under the Desktop prefix; a runner's own socket does not.
            let prefix = path.hasSuffix("/docker.sock") ? RunnerEndpoint.dockerDesktopPathPrefix : ""
            self.init(transport: .unixSocket(path: path), pathPrefix: prefix, source: source)
        case "http", "https":
            let authority: Substring
            var prefix: Substring = ""
            if let slash = rest.firstIndex(of: "/") {
                authority = rest[..<slash]
                prefix = rest[slash...]
            } else {
                authority = rest
            }
            guard !authority.isEmpty, !authority.contains("?"), !authority.contains("#"),
                !prefix.contains("?"), !prefix.contains("#")
            else {
                throw RunnerEndpointError(
                    input: text, reason: "expected scheme://host[:port][/path], as in http://localhost:12434")
            }
            while prefix.hasSuffix("/") { prefix = prefix.dropLast() }
            self.init(
                transport: .tcp(scheme: scheme, authority: String(authority)), pathPrefix: String(prefix),
                source: source)
        default:
            throw RunnerEndpointError(
                input: text, reason: "unsupported scheme '\(scheme)'; use http://, https:// or unix:///path")
        }
    }

    /// Resolves the endpoint: the flag, else `MODEL_RUNNER_HOST`, else the Docker Desktop socket,
    /// else `http://localhost:12434`; pure.
    public static func resolve(flag: String?, discovery: RunnerDiscovery) throws(RunnerEndpointError) -> RunnerEndpoint
    {
        if let flag {
            return try RunnerEndpoint(parsing: flag, source: .flag)
        }
        if let host = discovery.modelRunnerHost {
            do {
                return try RunnerEndpoint(parsing: host, source: .environment)
            } catch {
                throw RunnerEndpointError(input: host, reason: "MODEL_RUNNER_HOST: " + error.reason)
            }
        }
        if let socket = discovery.desktopSocket {
            return RunnerEndpoint(
                transport: .unixSocket(path: socket), pathPrefix: dockerDesktopPathPrefix, source: .dockerDesktop)
        }
        return RunnerEndpoint(transport: .tcp(scheme: "http", authority: "localhost:12434"), source: .defaultTCP)
    }

    /// ``resolve(flag:discovery:)`` with the discovery made from `environment` and the home directory.
    public static func resolve(
        flag: String?, environment: [String: String], fileExists: (String) -> Bool, homeDirectory: String
    ) throws(RunnerEndpointError) -> RunnerEndpoint {
        try resolve(
            flag: flag,
            discovery: RunnerDiscovery(environment: environment, homeDirectory: homeDirectory, fileExists: fileExists))
    }

    /// The host of a TCP runner (`localhost`, `127.0.0.1`, `[::1]`), lower-cased; nil for a socket.
    public var host: String? {
        guard case .tcp(_, let authority) = transport else { return nil }
        if authority.hasPrefix("[") { return String(authority.prefix { $0 != "]" }) + "]" }
        return String(authority.prefix { $0 != ":" }).lowercased()
    }

    /// The TCP port, as written or the scheme's default; nil for a socket.
    public var port: Int? {
        guard case .tcp(let scheme, let authority) = transport else { return nil }
        let afterHost =
            authority.hasPrefix("[") ? authority.drop { $0 != "]" }.dropFirst() : authority.drop { $0 != ":" }
        if afterHost.hasPrefix(":"), let port = Int(afterHost.dropFirst()) { return port }
        return scheme == "https" ? 443 : 80
    }

    /// Whether the runner is reached at a loopback address (`localhost`, 127.0.0.0/8, `[::1]`):
    /// an address containers cannot reach.
    public var isLoopback: Bool {
        guard let host else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "[::1]"
    }

    /// `scheme://authority[/prefix]` for a TCP runner (what `*_URL` values are built on); `nil` for a
    /// unix socket, which is no URL a container can use.
    public var httpBaseURL: String? {
        guard case .tcp(let scheme, let authority) = transport else { return nil }
        return "\(scheme)://\(authority)\(pathPrefix)"
    }

    /// Whether requests go over a unix socket (and so must carry an explicit `Host: localhost`).
    public var isUnixSocket: Bool {
        if case .unixSocket = transport { return true }
        return false
    }

    /// The URL string AsyncHTTPClient understands for an API path such as `/models/create`.
    public func requestURL(path: String) -> String {
        let fullPath = pathPrefix + (path.hasPrefix("/") ? path : "/" + path)
        switch transport {
        case .tcp(let scheme, let authority):
            return "\(scheme)://\(authority)\(fullPath)"
        case .unixSocket(let socketPath):
            return "http+unix://" + PercentEncoding.encode(socketPath, keeping: "") + fullPath
        }
    }

    /// The endpoint as a user would write it: `http://localhost:12434` or `unix:///path (prefix /exp/vDD4.40)`.
    public var description: String {
        switch transport {
        case .tcp(let scheme, let authority):
            return "\(scheme)://\(authority)\(pathPrefix)"
        case .unixSocket(let path):
            return "unix://\(path)" + (pathPrefix.isEmpty ? "" : " (path prefix \(pathPrefix))")
        }
    }

}

/// A runner URL that cannot be used.
public struct RunnerEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public var input: String
    /// What is wrong with it.
    public var reason: String

    public init(input: String, reason: String) {
        self.input = input
        self.reason = reason
    }

    public var description: String {
        "invalid runner URL '\(input)': \(reason)"
    }
}
