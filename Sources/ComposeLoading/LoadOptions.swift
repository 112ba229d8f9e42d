/// What to load: Compose's global options, as `docker compose` takes them.
public struct LoadOptions: Sendable {
    /// `-f` files in order; `-` is standard input. Empty: `COMPOSE_FILE`, else discovery.
    public var files: [String]
    /// `--project-directory`; default: the first file's directory (or the current directory).
    public var projectDirectory: String?
    /// `-p`; default: `COMPOSE_PROJECT_NAME`, the top-level `name:`, or the directory name.
    public var projectName: String?
    /// `--env-file` files in order; empty: `.env` in the project directory, if present.
    public var envFiles: [String]
    /// `--profile`; merged with `COMPOSE_PROFILES`.
    public var profiles: [String]
    /// Positional service names: only these (and what they depend on) are active.
    public var services: [String]
    /// `--all-resources`: every model is active, used or not.
    public var allResources: Bool

    public init(
        files: [String] = [],
        projectDirectory: String? = nil,
        projectName: String? = nil,
        envFiles: [String] = [],
        profiles: [String] = [],
        services: [String] = [],
        allResources: Bool = false
    ) {
        self.files = files
        self.projectDirectory = projectDirectory
        self.projectName = projectName
        self.envFiles = envFiles
        self.profiles = profiles
        self.services = services
        self.allResources = allResources
    }
}
