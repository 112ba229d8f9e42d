import ArgumentParser
import ModelBind

extension EnvironmentFormat: ExpressibleByArgument {}

struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Write the *_URL / *_MODEL variables Compose would inject into each bound service.",
        discussion: """
            With no --output, prints one service's variables (or every service's with --format json). \
            With --output DIR, writes <service>.env (dotenv), .json, .sh or .github.env for every bound \
            service, atomically. --check writes nothing and exits 1 when the files differ.
            """
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var endpointFlags: EndpointFlags

    @Option(help: "dotenv, json, github ($GITHUB_ENV lines) or shell (export lines).")
    var format: EnvironmentFormat = .dotenv

    @Option(name: [.short, .customLong("output")], help: "Write one file per bound service into this directory.")
    var output: String?

    @Flag(help: "With --output: write nothing; exit 1 when the files on disk differ from what would be written.")
    var check = false

    @Argument(help: "Services to write (default: every active service with bindings).")
    var services: [String] = []

    func validate() throws {
        if check && output == nil { throw ValidationError("--check compares files: give --output DIR") }
    }

    func run() async throws {
        let loaded = try project.loadProject(services: [])
        let environment = try CLIErrors.reporting {
            let url = try endpointFlags.options().url()
            return try BindingEnvironment(project: loaded, url: url, selected: services)
        }
        try CLIErrors.reporting {
            guard let output else {
                Terminal.writeStandardOutput(
                    try EnvironmentRenderer.render(environment, format: format, sourceFiles: loaded.files)
                )
                return
            }
            let files = try EnvironmentFileSet(environment, format: format, sourceFiles: loaded.files)
            if check {
                let drift = files.drift(in: output)
                guard drift.isEmpty else {
                    Terminal.writeStandardError(drift.map { "modelbind: \($0)\n" }.joined())
                    Terminal.writeStandardError("modelbind: run `modelbind env --output \(output)` to update\n")
                    throw ExitCode(1)
                }
                Terminal.writeStandardError("modelbind: \(files.files.count) file(s) in \(output) are up to date\n")
                return
            }
            try files.write(to: output)
            for file in files.files {
                Terminal.writeStandardError("wrote \(output)/\(file.name)\n")
            }
        }
    }
}
