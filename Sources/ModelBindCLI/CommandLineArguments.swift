import ModelBind

/// The command line as `docker compose` takes it, made into one a command parses: Compose's
/// project options given before the command move after it (`modelbind -f a.yaml validate`, also
/// as the Docker CLI plugin `docker modelbind -f a.yaml up`), short options take their value
/// attached (`-fcompose.yaml`), and a mistyped command is answered with the closest one.
enum CommandLineArguments {
    /// Options that take a value, and may stand before the command.
    static let valued: Set<String> = [
        "-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--progress",
    ]
    /// Flags that may stand before the command.
    static let flags: Set<String> = ["--all-resources"]
    /// Commands that take `--progress`.
    static let progressCommands: Set<String> = ["provision", "up"]

    static var commands: [String] {
        ModelBindCommand.commands.map { $0.name }
    }

    static func normalized(_ arguments: [String]) throws -> [String] {
        var arguments = arguments.flatMap(splitAttachedValue)
        // As a Docker CLI plugin, the Docker CLI passes the plugin's name first.
        if arguments.first == "modelbind" { arguments.removeFirst() }
        var global: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(name) {
                let takesNext = !argument.contains("=")
                guard !takesNext || index + 1 < arguments.count else {
                    throw UsageError("missing value for '\(argument)'")
                }
                global.append(contentsOf: arguments[index..<(index + (takesNext ? 2 : 1))])
                index += takesNext ? 2 : 1
            } else if flags.contains(argument) {
                global.append(argument)
                index += 1
            } else {
                break
            }
        }
        guard index < arguments.count else { return arguments }
        let command = arguments[index]
        if command == "help" {
            let name = index + 1 < arguments.count ? arguments[index + 1] : nil
            if let name, !name.hasPrefix("-"), !commands.contains(name) { throw unknownCommand(name) }
            return Array(arguments[index...])
        }
        if !command.hasPrefix("-"), !commands.contains(command) { throw unknownCommand(command) }
        guard !global.isEmpty, !command.hasPrefix("-") else { return arguments }
        if !progressCommands.contains(command) { global = dropping("--progress", from: global) }
        return [command] + global + arguments[(index + 1)...]
    }

    /// `-fcompose.yaml` as `-f compose.yaml` (for `-f` and `-p`, as Compose takes them).
    static func splitAttachedValue(_ argument: String) -> [String] {
        for short in ["-f", "-p"] where argument.count > 2 && argument.hasPrefix(short) && !argument.hasPrefix("--") {
            return [short, String(argument.dropFirst(2))]
        }
        return [argument]
    }

    private static func dropping(_ option: String, from arguments: [String]) -> [String] {
        var kept: [String] = []
        var index = 0
        while index < arguments.count {
            if arguments[index] == option {
                index += 2
            } else if arguments[index].hasPrefix(option + "=") {
                index += 1
            } else {
                kept.append(arguments[index])
                index += 1
            }
        }
        return kept
    }

    private static func unknownCommand(_ name: String) -> UsageError {
        let suggestion = SpellingSuggestion.closest(to: name, in: commands.filter { !$0.hasPrefix("docker-") })
        return UsageError(
            "unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
                + " (commands: \(commands.filter { !$0.hasPrefix("docker-") }.joined(separator: ", ")))")
    }
}
