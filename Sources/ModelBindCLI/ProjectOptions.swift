import ArgumentParser
import ModelBind

/// The Compose options every command that reads a project takes (`-f`, `-p`, `--profile`, ...).
struct ProjectOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("file")],
        help: "Compose configuration file (repeatable; '-' reads standard input)."
    )
    var files: [String] = []

    @Option(name: [.short, .customLong("project-name")], help: "Project name.")
    var projectName: String?

    @Option(
        name: .customLong("project-directory"),
        help: "Project directory (default: the first file's directory)."
    )
    var projectDirectory: String?

    @Option(name: .customLong("env-file"), help: "Environment file instead of .env (repeatable).")
    var envFiles: [String] = []

    @Option(name: .customLong("profile"), help: "Profile to enable (repeatable).")
    var profiles: [String] = []

    @Flag(name: .customLong("all-resources"), help: "Include models no active service uses.")
    var allResources = false

    /// The library's options for these flags and positional service names.
    func loadOptions(services: [String] = []) -> LoadOptions {
        LoadOptions(
            files: files,
            projectDirectory: projectDirectory,
            projectName: projectName,
            envFiles: envFiles,
            profiles: profiles,
            services: services,
            allResources: allResources
        )
    }

    /// Loads the project; errors are printed and end the command with status 1, warnings are printed.
    func loadProject(services: [String] = []) throws -> ComposeProject {
        let result = ProjectLoader().analyze(loadOptions(services: services))
        guard let project = result.project, !result.hasErrors else {
            DiagnosticPrinter.standardError.print(result.diagnostics)
            throw ExitCode(1)
        }
        DiagnosticPrinter.standardError.print(result.diagnostics)
        return project
    }
}
