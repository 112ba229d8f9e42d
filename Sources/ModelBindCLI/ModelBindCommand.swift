import ModelBind

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `modelbind` command line: the commands, the dispatch to one of them, and the one error
/// path (every failure reaches the user as `modelbind: error: …`, or as findings in the human
/// format).
public enum ModelBindCommand {
    /// The version printed by `--version` and in the Docker plugin metadata.
    public static let version = "0.1.0"

    static let abstract = "Bind Docker Compose `models:` to a Docker Model Runner."
    static let discussion = """
        Reads compose files with Compose's own semantics, provisions the models they declare through the \
        runner's HTTP API, and writes the *_URL / *_MODEL variables Compose would inject. Compose's project \
        options (-f, -p, --project-directory, --env-file, --profile) may come before the command, as with \
        `docker compose`. Exit status: 0 success, 1 invalid input or a failed operation, 64 usage error, \
        130 interrupted.
        """

    static let commands: [any Command.Type] = [
        ConfigCommand.self, ValidateCommand.self, ProvisionCommand.self, EnvCommand.self, WrapCommand.self,
        UpCommand.self, StatusCommand.self, WaitCommand.self, ModelsCommand.self, CheckCommand.self,
        PluginMetadataCommand.self,
    ]

    /// Runs the command line and exits with its status.
    public static func main(arguments: [String]) async -> Never {
        let status = await status(of: arguments)
        #if canImport(Glibc)
            Glibc.exit(status)
        #else
            Darwin.exit(status)
        #endif
    }

    /// Runs the command line; returns the exit status.
    static func status(of arguments: [String]) async -> Int32 {
        do {
            let arguments = try CommandLineArguments.normalized(arguments)
            guard let name = arguments.first, !name.hasPrefix("-") || name == "--version" else {
                if arguments.first == "-h" || arguments.first == "--help" {
                    Terminal.writeStandardOutput(rootHelp)
                    return 0
                }
                if arguments.isEmpty {
                    Terminal.writeStandardError(rootHelp)
                    return ExitCode.usage.rawValue
                }
                throw UsageError("unknown option '\(arguments[0])'")
            }
            switch name {
            case "--version":
                Terminal.writeStandardOutput(version + "\n")
                return 0
            case "help":
                let target = arguments.dropFirst().first
                Terminal.writeStandardOutput(target.flatMap(command(named:)).map(help(for:)) ?? rootHelp)
                return 0
            default:
                guard let command = command(named: name) else { throw UsageError("unknown command '\(name)'") }
                try await run(command, Array(arguments.dropFirst()))
                return 0
            }
        } catch {
            return report(error)
        }
    }

    static func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.name == name }
    }

    private static func run<C: Command>(_ command: C.Type, _ arguments: [String]) async throws {
        try await C.parse(arguments).run()
    }

    static var rootHelp: String { HelpText.root(abstract: abstract, discussion: discussion, commands: commands) }

    static func help(for command: any Command.Type) -> String {
        func text<C: Command>(_ command: C.Type) -> String { HelpText.command(command) }
        return text(command)
    }

    /// Prints `error` the one way, and gives its exit status.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let exit as ExitCode:
            return exit.rawValue
        case let request as ArgumentParsing.HelpRequest:
            Terminal.writeStandardOutput(command(named: request.command).map(help(for:)) ?? rootHelp)
            return 0
        case let usage as UsageError:
            Console.error(usage.message)
            let name = usage.command.map { " " + $0 } ?? ""
            Terminal.writeStandardError(
                "Usage: modelbind\(name) \(usage.command == nil ? "<command>" : "[<options>]")\n"
                    + "  See 'modelbind help\(name)'.\n")
            return ExitCode.usage.rawValue
        case let failure as DiagnosticError:
            Console.diagnostics(failure.diagnostics)
            return 1
        case let failure as OperationError:
            Console.error(failure.message)
            return failure.isUsage ? ExitCode.usage.rawValue : 1
        default:
            Console.error("\(error)")
            return 1
        }
    }
}
