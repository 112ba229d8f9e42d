import ArgumentParser
import Foundation
import ModelBind

/// `modelbind up`: the whole pre-compose step — validate, provision, write the bindings, and say
/// what to run next.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Validate, pull and configure the models, then write the variables Compose would inject.",
        discussion: """
            Errors from validation stop before anything is pulled; warnings are printed. After \
            provisioning succeeds, writes one env file per bound service into --env-dir (default: \
            .modelbind in the project directory, created if missing) and, with --wrap FILE, a compose \
            file with the variables injected and `models:` removed. Nothing is written when \
            provisioning fails. Ends with the command to run next.
            """
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var endpointFlags: EndpointFlags
    @OptionGroup var provisionFlags: ProvisionFlags

    @Option(name: .customLong("env-dir"), help: "Directory for <service>.env files (default: <project>/.modelbind).")
    var envDirectory: String?

    @Flag(name: .customLong("no-env-files"), help: "Do not write env files.")
    var noEnvFiles = false

    @Option(help: "Also write a wrapped compose file (variables injected, models removed) here.")
    var wrap: String?

    @Option(name: .customLong("wrap-mode"), help: "full (the whole project) or override (only the additions).")
    var wrapMode: ComposeWrapper.Mode = .full

    @Flag(help: "Treat validation warnings as errors.")
    var strict = false

    @Argument(help: "Services to bring up (default: every active service).")
    var services: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let endpoint = endpointFlags.options()
        let backend = endpointFlags.backend

        // 1. Validate: loading problems and every rule; errors stop here, warnings are printed. As in
        // `validate`, the platform rule applies only when --platform says where containers run.
        let validation = ValidationRun.analyze(
            loader: ProjectLoader(),
            load: project.loadOptions(services: services),
            options: ValidationOptions(
                backend: backend ?? "llama.cpp",
                endpoint: endpointFlags.platform == nil ? nil : endpoint
            )
        )
        DiagnosticPrinter.standardError.print(validation.report.diagnostics)
        guard let loaded = validation.project, validation.report.passes(strict: strict) else {
            Terminal.writeStandardError("modelbind: validation failed; nothing was pulled or written\n")
            throw ExitCode(1)
        }

        // 2. Prepare every output in memory, so a problem shows before anything is pulled.
        let outputs = try CLIErrors.reporting { try prepareOutputs(loaded, endpoint: endpoint) }

        // 3. Provision.
        let runner = try CLIErrors.reporting {
            try RunnerEndpoint.resolve(
                flag: endpointFlags.runner,
                environment: environment,
                fileExists: { FileManager.default.fileExists(atPath: $0) },
                homeDirectory: environment["HOME"] ?? NSHomeDirectory()
            )
        }
        let printer = ProvisionProgressPrinter(mode: provisionFlags.progress, environment: environment)
        let outcome = try await ProvisionCommand.provision(
            loaded.activeModels,
            endpoint: runner,
            options: provisionFlags.options(backend: backend),
            printer: printer
        )
        if outcome.interrupted { throw ExitCode(130) }
        guard outcome.report.succeeded else {
            Terminal.writeStandardError("modelbind: provisioning failed; no files were written\n")
            throw ExitCode(1)
        }
        if provisionFlags.dryRun {
            for path in outputs.paths { Terminal.writeStandardError("would write \(path)\n") }
            return
        }

        // 4. Write, then say what to run next.
        try CLIErrors.reporting { try outputs.write() }
        for path in outputs.paths { Terminal.writeStandardError("wrote \(path)\n") }
        Terminal.writeStandardError(NextSteps.text(for: loaded, outputs: outputs))
    }

    /// Everything `up` will write, rendered before provisioning.
    struct Outputs {
        var envDirectory: String?
        var envFiles: EnvironmentFileSet?
        var wrapPath: String?
        var wrapText: String?

        var paths: [String] {
            (envFiles?.files.map { PathUtilities.join(envDirectory ?? ".", $0.name) } ?? [])
                + (wrapPath.map { [$0] } ?? [])
        }

        func write() throws {
            if let envFiles, let envDirectory {
                try FileManager.default.createDirectory(atPath: envDirectory, withIntermediateDirectories: true)
                try envFiles.write(to: envDirectory)
            }
            if let wrapPath, let wrapText {
                try AtomicFileWriter.write(wrapText, to: wrapPath)
            }
        }
    }

    private func prepareOutputs(_ loaded: ComposeProject, endpoint: EndpointOptions) throws -> Outputs {
        var outputs = Outputs()
        let url = try endpoint.url()
        if !noEnvFiles {
            let directory =
                envDirectory ?? PathUtilities.join(Self.relativeToCurrent(loaded.workingDirectory), ".modelbind")
            let environment = try BindingEnvironment(project: loaded, url: url)
            outputs.envDirectory = directory
            outputs.envFiles = try EnvironmentFileSet(environment, format: .dotenv, sourceFiles: loaded.files)
        }
        if let wrap {
            outputs.wrapPath = wrap
            outputs.wrapText = try WrapCommand.render(loaded, endpoint: endpoint, mode: wrapMode)
        }
        return outputs
    }

    /// `path` relative to the current directory when it is inside it.
    static func relativeToCurrent(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        if path == current { return "." }
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// The closing "run this next" lines of `up`.
enum NextSteps {
    static func text(for project: ComposeProject, outputs: UpCommand.Outputs) -> String {
        var lines = ["", "Next:"]
        let files = project.files.filter { $0 != "-" }.map { "-f \(shellWord($0))" }.joined(separator: " ")
        if let wrap = outputs.wrapPath {
            let quoted = shellWord(wrap)
            // Relative paths in the project (build contexts, volumes, env_file) resolve against the
            // directory of the first compose file; keep them pointing where the user wrote them.
            let projectDirectory = UpCommand.relativeToCurrent(project.workingDirectory)
            let wrapDirectory = UpCommand.relativeToCurrent(
                PathUtilities.directory(
                    of: PathUtilities.absolute(wrap, base: FileManager.default.currentDirectoryPath))
            )
            if wrapDirectory == projectDirectory {
                lines.append("  docker compose -f \(quoted) up        # Compose without models: support")
                lines.append("  podman-compose -f \(quoted) up")
            } else {
                let directory = shellWord(projectDirectory)
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
                    project.service(service).flatMap { project.document.lookup("image", in: $0) }.flatMap(
                        project.document.string(of:)) ?? "<image>"
                let path = shellWord(PathUtilities.join(directory, file.name))
                lines.append("  docker run --env-file \(path) \(shellWord(image))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `text` as one shell word: as is when it needs no quoting, else single-quoted.
func shellWord(_ text: String) -> String {
    let safe =
        !text.isEmpty
        && text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || "_./:@%+=,-".unicodeScalars.contains(scalar)
        }
    return safe ? text : ShellExportWriter.quote(text)
}
