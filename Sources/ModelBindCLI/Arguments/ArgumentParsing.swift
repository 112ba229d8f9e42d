import ModelBind

/// Parses a command's arguments against its ``ArgumentSpec``s.
enum ArgumentParsing {
    /// Thrown for `-h` / `--help` among a command's arguments.
    struct HelpRequest: Error {
        var command: String
    }

    static func parse<C: Command>(_ arguments: [String], as command: C.Type) throws -> ParsedArguments {
        var parsed = ParsedArguments(command: C.name)
        let specs = C.arguments
        var byName: [String: ArgumentSpec] = [:]
        for spec in specs { for name in spec.names { byName[name] = spec } }
        let positional = specs.first { if case .positional = $0.kind { true } else { false } }
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                guard positional != nil else {
                    throw UsageError("unexpected argument '\(argument)'", command: C.name)
                }
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" { throw HelpRequest(command: C.name) }
            var name = argument
            var attached: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                attached = String(argument[argument.index(after: equals)...])
            } else if !argument.hasPrefix("--"), argument.count > 2 {
                // `-fcompose.yaml`: a short option with its value attached.
                name = String(argument.prefix(2))
                attached = String(argument.dropFirst(2))
            }
            guard let spec = byName[name] else {
                let known = byName.keys.filter { $0.hasPrefix("--") }
                let suggestion = SpellingSuggestion.closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("unknown option '\(name)'\(suggestion)", command: C.name)
            }
            switch spec.kind {
            case .flag:
                guard attached == nil else { throw UsageError("'\(name)' takes no value", command: C.name) }
                parsed.flags.insert(spec.id)
            case .option(_, let repeatable):
                let value: String
                if let attached {
                    value = attached
                } else {
                    guard index < arguments.count else {
                        throw UsageError("missing value for '\(name)'", command: C.name)
                    }
                    value = arguments[index]
                    index += 1
                }
                if !spec.choices.isEmpty, !spec.choices.contains(value) {
                    throw UsageError(
                        "invalid value '\(value)' for \(name); choose from: \(spec.choices.joined(separator: ", "))",
                        command: C.name)
                }
                if repeatable {
                    parsed.values[spec.id, default: []].append(value)
                } else {
                    parsed.values[spec.id] = [value]
                }
            case .positional:
                break
            }
        }
        return parsed
    }
}
