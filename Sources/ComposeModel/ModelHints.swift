import ModelBindSupport

/// Small helpers for model keys and their hints.
package enum ModelHints {
    /// Why a model key gives variable names no env file can hold, or nil when it does not. Compose
    /// accepts any string key and injects the names as they are (`MY MODEL_URL`), but Compose's own
    /// `env_file` parser takes only ASCII letters, digits and `_ . - [ ]` in a name, and a shell less.
    package static func unusableKeyProblem(_ key: String) -> String? {
        // Non-ASCII letters Compose's parser takes, but shells and most tools do not.
        let usable = key.utf8.allSatisfy { $0 < 0x80 } && EnvironmentVariableName.isEnvFileKey(key)
        guard !usable else { return nil }
        let prefix = ModelBinding.variablePrefix(forModelKey: key)
        return "gives the variables \"\(prefix)_URL\" and \"\(prefix)_MODEL\", which no env file (Compose's env_file "
            + "parser included) or shell can hold; Compose would inject them as they are"
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
