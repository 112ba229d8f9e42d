import ArgumentParser
import ModelBind

/// The Compose options every command that reads a project takes (`-f`, `-p`, `--profile`, ...).
/// They may also come before the subcommand, as Compose takes them (see ``CommandLineArguments``).
struct ProjectOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("file")],
        help: "Compose configuration file (repeatable; '-' reads standard input)."
    )
    var files: [String] = []

    @Option(name: [.short, .customLong("project-name")], help: "Project name.")
    var projectName: String?

    @Option(name: .customLong("project-directory"), help: "Project directory (default: the first file's directory).")
    var projectDirectory: String?

    @Option(name: .customLong("env-file"), help: "Environment file instead of .env (repeatable).")
    var envFiles: [String] = []

    @Option(name: .customLong("profile"), help: "Profile to enable (repeatable; replaces COMPOSE_PROFILES).")
    var profiles: [String] = []

    @Flag(name: .customLong("all-resources"), help: "Include models no active service uses.")
    var allResources = false

    /// The library's options for these flags and positional service names.
    func loadOptions(services: [String] = []) -> LoadOptions {
        LoadOptions(
            files: files, projectDirectory: projectDirectory, projectName: projectName, envFiles: envFiles,
            profiles: profiles, services: services, allResources: allResources)
    }
}
