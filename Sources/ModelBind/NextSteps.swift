import BindingOutput
import ComposeModel
import ModelBindSupport

/// The closing "run this next" lines of `up`.
enum NextSteps {
    static func lines(for project: ComposeProject, outputs: UpOperation.Outputs, context: OperationContext) -> [String]
    {
        var lines = ["Next:"]
        let files = project.files.filter { $0 != "-" }.map { "-f \(ShellExportWriter.word($0))" }.joined(separator: " ")
        if let wrap = outputs.wrapPath {
            let quoted = ShellExportWriter.word(wrap)
            // Relative paths in the project (build contexts, volumes, env_file) resolve against the
            // project directory; keep them pointing where the user wrote them.
            let projectDirectory = context.relative(project.workingDirectory)
            let wrapDirectory = context.relative(PathUtilities.directory(of: context.absolute(wrap)))
            if wrapDirectory == projectDirectory {
                lines.append("  docker compose -f \(quoted) up        # Compose without models: support")
                lines.append("  podman-compose -f \(quoted) up")
            } else {
                let directory = ShellExportWriter.word(projectDirectory)
                lines.append(
                    "  docker compose --project-directory \(directory) -f \(quoted) up   # Compose without models: support"
                )
                lines.append(
                    "  (for podman-compose, write the wrapped file into \(directory) so relative paths still resolve)")
            }
        }
        lines.append(
            "  docker compose \(files) up        # Compose >= 2.38: the models are pulled and configured already")
        if let envFiles = outputs.envFiles, let directory = outputs.envDirectory {
            for file in envFiles.files {
                let service = String(file.name.dropLast(".env".count))
                let image =
                    project.service(service).flatMap { project.document.lookup("image", in: $0) }
                    .flatMap(project.document.string(of:)) ?? "<image>"
                let path = ShellExportWriter.word(PathUtilities.join(directory, file.name))
                lines.append("  docker run --env-file \(path) \(ShellExportWriter.word(image))")
            }
        }
        return lines
    }
}
