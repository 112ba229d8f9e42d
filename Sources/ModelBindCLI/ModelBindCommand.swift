import ArgumentParser
import FoundationEssentials
import ModelBind

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The root `modelbind` command.
public struct ModelBindCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "modelbind",
        abstract: "Bind Docker Compose `models:` to a Docker Model Runner.",
        discussion: """
            Reads compose files with Compose's own semantics, provisions the models they declare \
            through the runner's HTTP API, and writes the *_URL / *_MODEL variables Compose would inject. \
            Compose's project options (-f, -p, --project-directory, --env-file, --profile) may come \
            before the command, as with `docker compose`. Exit status: 0 success, 1 invalid input or a \
            failed operation, 64 usage error, 130 interrupted.
            """,
        version: ModelBindCommand.version,
        subcommands: [
            ConfigCommand.self,
            ValidateCommand.self,
            ProvisionCommand.self,
            EnvCommand.self,
            WrapCommand.self,
            UpCommand.self,
            PluginMetadataCommand.self,
        ]
    )

    /// The version printed by `--version` and in the Docker plugin metadata.
    public static let version = "0.1.0"

    public init() {}

    /// Runs the command line and exits with its status.
    public static func main(arguments: [String]) async -> Never {
        #if canImport(Glibc)
            Glibc.exit(await status(of: arguments))
        #else
            Darwin.exit(await status(of: arguments))
        #endif
    }

    /// Runs the command line; every failure reaches the user as `modelbind: error: …` (or as
    /// findings in the human format). Returns the exit status.
    static func status(of arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(try CommandLineArguments.normalized(arguments))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return report(error)
        }
    }

    /// Prints `error` the one way, and gives its exit status.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let exit as ExitCode:
            return exit.rawValue
        case let failure as DiagnosticError:
            Console.diagnostics(failure.diagnostics)
            return 1
        case let failure as OperationError:
            Console.error(failure.message)
            return failure.isUsage ? ExitCode.validationFailure.rawValue : 1
        case is FileWriteError, is EndpointError, is EnvironmentRenderError, is YAMLWriteError, is DotEnvWriterError:
            Console.error("\(error)")
            return 1
        default:
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                Terminal.writeStandardOutput(message.isEmpty ? "" : message + "\n")
                return 0
            }
            let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
            var text = ""
            for (index, line) in lines.enumerated() {
                if index == 0 {
                    text +=
                        "modelbind: error: " + (line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : String(line))
                } else {
                    text += String(line)
                }
                text += "\n"
            }
            Terminal.writeStandardError(text)
            return code == .failure ? 1 : ExitCode.validationFailure.rawValue
        }
    }
}
