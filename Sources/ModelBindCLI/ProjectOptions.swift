import ArgumentParser
import ModelBind

/// The Compose options every command that reads a project takes (`-f`, `-p`, `--profile`, ...).
struct ProjectOptions: ParsableArguments {
    @Option(name: [.short, .customLong("file")], help: "Compose configuration file (repeatable; '-' reads standard input).")
    var files: [String] = []

    @Option(name: [.short, .customLong("project-name")], help: "Project name.")
    var projectName: String?

    @Option(name: .customLong("project-directory"), help: "Project directory (default: the first file's directory).")
    var projectDirectory: String?

    @Option(name: .customLong("env-file"), help: "Environment file instead of .env (repeatable).")
    var envFiles: [String] = []

    @Option(name: .customLong("profile"), help: "Profile to enable (repeatable).")
    var profiles: [String] = []

    @Flag(name: .customLong("all-resources"), help: "Include models no active service uses.")
    var allResources = false

    /// Loads the project these options describe.
    func loadProject(services: [String] = []) throws -> ComposeProject {
        throw ValidationError("project loading is not implemented yet")
    }
}
