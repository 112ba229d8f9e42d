import ComposeLoading
import ComposeModel
import FoundationEssentials
import ModelBindSupport
import RunnerEndpoints
import YAML

/// Where an operation runs: the process environment, the current and home directories and the
/// file system, read once at the edge so that every operation is a function of its inputs.
public struct OperationContext: Sendable {
    /// The process environment (it wins over `.env`, as in Compose).
    public var environment: [String: String]
    /// Relative paths on the command line resolve against it.
    public var currentDirectory: String
    public var homeDirectory: String?
    /// Where the files come from.
    public var source: FileSource
    /// Limits for every YAML file read.
    public var yamlLimits: YAMLLimits
    /// Whether anything (a socket, say) exists at a path.
    public var fileExists: @Sendable (String) -> Bool

    public init(
        environment: [String: String], currentDirectory: String, homeDirectory: String?,
        source: FileSource? = nil, yamlLimits: YAMLLimits = .default,
        fileExists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.homeDirectory = homeDirectory
        self.source = source ?? FileSource(currentDirectory: currentDirectory)
        self.yamlLimits = yamlLimits
        self.fileExists = fileExists
    }

    /// This process's environment and directories.
    public static func process() -> OperationContext {
        let environment = ProcessInfo.processInfo.environment
        return OperationContext(
            environment: environment, currentDirectory: FileManager.default.currentDirectoryPath,
            homeDirectory: environment["HOME"])
    }

    /// The loader for this context.
    public var loader: ProjectLoader {
        ProjectLoader(environment: environment, source: source, yamlLimits: yamlLimits)
    }

    /// Where the runner is, said by this machine: `MODEL_RUNNER_HOST` from `environment` (the
    /// project's, which includes `.env` as Compose hands it to the model plugin) and the Docker
    /// Desktop socket.
    public func runnerDiscovery(environment: [String: String]? = nil) -> RunnerDiscovery {
        RunnerDiscovery(
            environment: environment ?? self.environment, homeDirectory: homeDirectory, fileExists: fileExists)
    }

    /// `path` relative to the current directory when it is inside it (for messages and next steps).
    public func relative(_ path: String) -> String {
        PathUtilities.relative(path, to: currentDirectory)
    }

    /// `path` made absolute against the current directory.
    public func absolute(_ path: String) -> String {
        PathUtilities.absolute(path, base: currentDirectory)
    }
}
