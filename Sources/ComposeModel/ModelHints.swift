import ModelBindSupport

/// Small helpers for model keys and their hints.
package enum ModelHints {
    /// Compose's model key pattern `^[a-zA-Z0-9._-]+$`.
    package static func isValidModelKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
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
