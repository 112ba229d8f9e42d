import ModelBind

/// The Compose options every command that reads a project takes (`-f`, `-p`, `--profile`, ...).
/// They may also come before the command, as Compose takes them (see ``CommandLineArguments``).
struct ProjectOptions: Sendable {
    static let arguments: [ArgumentSpec] = [
        .option(
            "file", short: "f", repeatable: true,
            help: "Compose configuration file (repeatable; '-' reads standard input)."),
        .option("project-name", short: "p", value: "name", help: "Project name."),
        .option("project-directory", value: "path", help: "Project directory (default: the first file's directory)."),
        .option("env-file", value: "file", repeatable: true, help: "Environment file instead of .env (repeatable)."),
        .option("profile", repeatable: true, help: "Profile to enable (repeatable; replaces COMPOSE_PROFILES)."),
        .flag("all-resources", help: "Include models no active service uses."),
    ]

    var files: [String]
    var projectName: String?
    var projectDirectory: String?
    var envFiles: [String]
    var profiles: [String]
    var allResources: Bool

    init(_ arguments: ParsedArguments) {
        files = arguments.strings("file")
        projectName = arguments.string("project-name")
        projectDirectory = arguments.string("project-directory")
        envFiles = arguments.strings("env-file")
        profiles = arguments.strings("profile")
        allResources = arguments.flag("all-resources")
    }

    /// The library's options for these flags and positional service names.
    func loadOptions(services: [String] = []) -> LoadOptions {
        LoadOptions(
            files: files, projectDirectory: projectDirectory, projectName: projectName, envFiles: envFiles,
            profiles: profiles, services: services, allResources: allResources)
    }
}
