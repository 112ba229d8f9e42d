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
            // Its relative paths point where the user wrote them, wherever it was written.
            let quoted = ShellExportWriter.word(wrap)
            lines.append("  docker compose -f \(quoted) up        # Compose without models: support")
            lines.append("  podman-compose -f \(quoted) up")
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
