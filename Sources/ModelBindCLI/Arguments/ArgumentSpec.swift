/// One option, flag or positional argument a command takes: the small command-line grammar
/// modelbind needs (Compose's: `-f FILE`, `--file=FILE`, repeatable options, flags, positional
/// service names), parsed without reflection so that a command starts in a few milliseconds.
struct ArgumentSpec: Sendable {
    enum Kind: Sendable, Equatable {
        /// Takes a value (`--format json`, `--format=json`); `repeatable` keeps every occurrence.
        case option(valueName: String, repeatable: Bool)
        case flag
        /// Positional values (every argument that is not an option); at most one per command.
        case positional(valueName: String)
    }

    /// The canonical name values are stored under (the long name without dashes, or the value name).
    var id: String
    /// `-f`, `--file`; empty for positionals.
    var names: [String]
    var kind: Kind
    var help: String
    /// The accepted values, for options with a fixed set (shown in help and checked).
    var choices: [String]

    static func option(
        _ long: String, short: Character? = nil, value: String? = nil, repeatable: Bool = false, choices: [String] = [],
        help: String
    ) -> ArgumentSpec {
        ArgumentSpec(
            id: long, names: (short.map { ["-\($0)"] } ?? []) + ["--\(long)"],
            kind: .option(valueName: value ?? long, repeatable: repeatable), help: help, choices: choices)
    }

    static func flag(_ long: String, help: String) -> ArgumentSpec {
        ArgumentSpec(id: long, names: ["--\(long)"], kind: .flag, help: help, choices: [])
    }

    static func positional(_ valueName: String, help: String) -> ArgumentSpec {
        ArgumentSpec(id: valueName, names: [], kind: .positional(valueName: valueName), help: help, choices: [])
    }
}

/// A value an option can take, parsed from its text.
protocol ArgumentValue {
    init?(argument: String)
    /// The accepted spellings, when there is a fixed set.
    static var choices: [String] { get }
}

extension ArgumentValue where Self: RawRepresentable, Self.RawValue == String, Self: CaseIterable {
    init?(argument: String) { self.init(rawValue: argument) }
    static var choices: [String] { allCases.map(\.rawValue) }
}

extension Int: ArgumentValue {
    init?(argument: String) { self.init(argument) }
    static var choices: [String] { [] }
}

extension Double: ArgumentValue {
    init?(argument: String) { self.init(argument) }
    static var choices: [String] { [] }
}

/// A mistake in the command line: exit status 64, with the command's usage.
struct UsageError: Error, Sendable, CustomStringConvertible {
    var message: String
    /// The command whose usage to show (nil: the root's).
    var command: String?

    init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }

    var description: String { message }
}

/// Ends a command with this exit status (after it printed what it had to say).
struct ExitCode: Error, Sendable, Equatable {
    var rawValue: Int32

    init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    static let usage = ExitCode(64)
}

/// What the command line gave, by argument id.
struct ParsedArguments: Sendable {
    var command: String
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func strings(_ id: String) -> [String] { values[id] ?? [] }
    func string(_ id: String) -> String? { values[id]?.last }
    func flag(_ id: String) -> Bool { flags.contains(id) }

    /// The option's value as `T`, or `defaultValue` when it is not given.
    func value<T: ArgumentValue>(_ id: String, default defaultValue: T) throws(UsageError) -> T {
        try value(id) ?? defaultValue
    }

    /// The option's value as `T`, or nil when it is not given.
    func value<T: ArgumentValue>(_ id: String) throws(UsageError) -> T? {
        guard let text = string(id) else { return nil }
        guard let value = T(argument: text) else {
            let choices = T.choices.isEmpty ? "" : "; choose from: \(T.choices.joined(separator: ", "))"
            throw UsageError("invalid value '\(text)' for --\(id)\(choices)", command: command)
        }
        return value
    }
}

/// A subcommand: its grammar, how it reads what was parsed, and what it does.
protocol Command: Sendable {
    static var name: String { get }
    static var abstract: String { get }
    static var discussion: String { get }
    static var arguments: [ArgumentSpec] { get }
    /// Shown in `modelbind --help`.
    static var isListed: Bool { get }

    init(_ arguments: ParsedArguments) throws(UsageError)
    func run() async throws
}

extension Command {
    static var isListed: Bool { true }

    /// The command for `arguments` (those after its name).
    static func parse(_ arguments: [String]) throws -> Self {
        try Self(ArgumentParsing.parse(arguments, as: Self.self))
    }
}
