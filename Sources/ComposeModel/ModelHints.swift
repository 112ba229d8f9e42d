import ModelBindSupport

/// Small helpers for model keys and their hints.
package enum ModelHints {
    /// Why a model key gives variable names no env file can hold, or nil when it does not. Compose
    /// accepts any string key and injects the names as they are (`MY MODEL_URL`), but Compose's own
    /// `env_file` parser takes only ASCII letters, digits and `_ . - [ ]` in a name, and a shell less.
    package static func unusableKeyProblem(_ key: String) -> String? {
        guard !isHoldableName(key) else { return nil }
        let prefix = ModelBinding.variablePrefix(forModelKey: key)
        return "gives the variables \"\(prefix)_URL\" and \"\(prefix)_MODEL\", which no env file (Compose's env_file "
            + "parser included) or shell can hold; Compose would inject them as they are"
    }

    /// Whether `name` is one an env file can hold: non-empty, only ASCII letters, digits and
    /// `_ . - [ ]` (Compose's own `env_file` parser takes no other character in a name).
    package static func isHoldableName(_ name: String) -> Bool {
        // Non-ASCII letters Compose's parser takes, but shells and most tools do not.
        name.utf8.allSatisfy { $0 < 0x80 } && EnvironmentVariableName.isEnvFileKey(name)
    }

    /// What Compose does with an explicit `endpoint_var` / `model_var` no env file can hold: it puts
    /// `NAME=value` into the container as written.
    package static func unholdableVariableProblem(_ name: String) -> String {
        var text = "is not a name an env file can hold; Compose would inject it as written"
        if let equals = name.firstIndex(of: "="), equals != name.startIndex {
            text += " (\"\(name)=...\" sets \(name[..<equals]) to \"\(name[name.index(after: equals)...])=...\")"
        }
        return text
    }

    /// A POSIX spelling of a variable name: other characters become `_`, a leading digit gets `_`;
    /// `fallback` for an empty name.
    package static func posixSpelling(of name: String, fallback: String) -> String {
        var spelled = String(
            name.uppercased().unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                    ? Character(scalar) : "_"
            }
        )
        if spelled.isEmpty { spelled = fallback }
        if let first = spelled.unicodeScalars.first, ("0"..."9").contains(first) { spelled = "_" + spelled }
        return spelled
    }

    /// The hint for a binding to an undefined model: the closest defined key, or the list.
    package static func undefinedModel(_ key: String, defined: [String]) -> String {
        if let closest = SpellingSuggestion.closest(to: key, in: defined) {
            return "Did you mean \"\(closest)\"? Otherwise define it under top-level `models:`."
        }
        if defined.isEmpty { return "Define it under a top-level `models:` key with `model: <reference>`." }
        return "Define it under top-level `models:` (defined: \(defined.joined(separator: ", ")))."
    }
}
