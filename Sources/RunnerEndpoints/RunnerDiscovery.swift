import ModelBindSupport

/// What this machine says about where the model runner is, read once per operation:
/// `MODEL_RUNNER_HOST`, and whether the Docker Desktop API socket exists. ``RunnerEndpoint`` and
/// the default platform of ``EndpointOptions`` are both decided from it.
public struct RunnerDiscovery: Sendable, Hashable {
    /// `MODEL_RUNNER_HOST`, when set to something.
    public var modelRunnerHost: String?
    /// The Docker Desktop API socket's path, when it exists.
    public var desktopSocket: String?

    public init(modelRunnerHost: String? = nil, desktopSocket: String? = nil) {
        self.modelRunnerHost = modelRunnerHost
        self.desktopSocket = desktopSocket
    }

    /// Reads `MODEL_RUNNER_HOST` from `environment` (empty counts as unset) and looks for
    /// `~/.docker/run/docker.sock` in `homeDirectory`.
    public init(environment: [String: String], homeDirectory: String?, fileExists: (String) -> Bool) {
        modelRunnerHost = environment["MODEL_RUNNER_HOST"].flatMap { PercentEncoding.trim($0).isEmpty ? nil : $0 }
        desktopSocket = homeDirectory.flatMap { home -> String? in
            guard !home.isEmpty else { return nil }
            var home = home
            while home.count > 1, home.hasSuffix("/") { home.removeLast() }
            let socket = (home == "/" ? "" : home) + "/" + RunnerEndpoint.dockerDesktopSocket
            return fileExists(socket) ? socket : nil
        }
    }

    /// Docker Desktop when its socket exists, else Docker Engine.
    public var platform: EndpointOptions.Platform { desktopSocket == nil ? .engine : .desktop }
}
