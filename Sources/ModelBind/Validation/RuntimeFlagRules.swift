/// `runtime_flags` checked offline the way Docker Model Runner checks them at `up` time
/// (MB501–MB503, MB506), plus duplicates after merging (MB504) and context-size agreement (MB505).
struct RuntimeFlagRules {
    let backend: String

    /// The context-size spellings of llama.cpp.
    static let contextSizeFlags: Set<String> = ["-c", "--ctx-size"]

    /// One element of `runtime_flags` with its position.
    struct Element {
        var text: String
        var location: SourceLocation

        /// Everything before the first `=` for a flag (an element starting with `-`); `nil` for a value.
        var key: String? {
            guard text.hasPrefix("-") else { return nil }
            return text.firstIndex(of: "=").map { String(text[..<$0]) } ?? text
        }

        /// The text after the first `=`, if there is one.
        var attachedValue: String? {
            text.firstIndex(of: "=").map { String(text[text.index(after: $0)...]) }
        }
    }

    func check(_ project: ComposeProject) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let allowed = RuntimeFlagAllowlist.flags(forBackend: backend)
        for model in project.models {
            guard let items = project.document["models"]?[model.key]?["runtime_flags"]?.items else { continue }
            let elements = items.compactMap { item in item.string.map { Element(text: $0, location: item.location) } }
            var firstSeen: [String: SourceLocation] = [:]
            for (index, element) in elements.enumerated() {
                let previous = index > 0 ? elements[index - 1] : nil
                let next = index + 1 < elements.count ? elements[index + 1] : nil
                if let key = element.key {
                    if let flag = previous, let flagKey = flag.key, flag.attachedValue == nil,
                        Self.isNegativeNumber(element.text)
                    {
                        diagnostics.append(
                            Diagnostic(
                                Rule.runtimeFlagNegativeValue,
                                "runtime flag value \"\(element.text)\" is a separate element; the runner reads it as a flag "
                                    + "and rejects it",
                                hint: "Attach it to its flag as one element: \"\(flagKey)=\(element.text)\".",
                                at: element.location
                            )
                        )
                    } else if !(allowed?.contains(key) ?? false) {
                        diagnostics.append(notAllowed(key, allowed: allowed, at: element.location))
                    } else if let earlier = firstSeen[key] {
                        diagnostics.append(
                            Diagnostic(
                                Rule.runtimeFlagDuplicate,
                                "runtime flag \"\(key)\" of \"\(model.key)\" is given twice (first at \(earlier.description))",
                                hint: "Flags from several compose files are concatenated; remove one, "
                                    + "or tag the later list `!override` to replace the earlier one.",
                                at: element.location
                            )
                        )
                    } else {
                        firstSeen[key] = element.location
                    }
                    if Self.contextSizeFlags.contains(key), let contextSize = model.contextSize,
                        let value = element.attachedValue ?? (next?.key == nil ? next?.text : nil),
                        let size = Int(value), size != contextSize
                    {
                        diagnostics.append(
                            Diagnostic(
                                Rule.runtimeFlagContextSize,
                                "runtime flag \"\(key)\" sets the context size to \(size), but `context_size` of "
                                    + "\"\(model.key)\" is \(contextSize)",
                                hint: "Remove the flag and keep `context_size` (or make them agree).",
                                at: element.location
                            )
                        )
                    }
                }
                if let value = element.attachedValue, value.hasPrefix("-"), !Self.startsWithDigitAfterDash(value) {
                    diagnostics.append(
                        Diagnostic(
                            Rule.runtimeFlagInvalidValue,
                            "invalid runtime flag \"\(element.text)\": the value cannot start with '-' unless it is a number",
                            hint:
                                "The runner rejects `=` values that look like options; only negative numbers (\"--seed=-1\") may start with '-'.",
                            at: element.location
                        )
                    )
                }
                if element.text.contains("/") || element.text.contains("\\") {
                    diagnostics.append(
                        Diagnostic(
                            Rule.runtimeFlagPath,
                            "invalid runtime flag \"\(element.text)\": paths are not allowed (contains '/' or '\\')",
                            hint:
                                "The runner rejects every flag or value containing '/' or '\\' (paths, URLs, escapes); "
                                + "remove it.",
                            at: element.location
                        )
                    )
                }
            }
        }
        return diagnostics
    }

    private func notAllowed(_ key: String, allowed: Set<String>?, at location: SourceLocation) -> Diagnostic {
        let hint: String
        if let allowed {
            if let closest = ModelHints.closest(key, in: allowed.sorted()) {
                hint = "Did you mean \"\(closest)\"? Otherwise remove it: the runner rejects it with HTTP 500 at `up`."
            } else {
                hint = "Remove it: the runner rejects flags off its \(backend) allowlist (HTTP 500 at `up`)."
            }
        } else {
            hint =
                "Backend \"\(backend)\" accepts no runtime flags; remove them, or validate with --backend llama.cpp or vllm."
        }
        return Diagnostic(
            Rule.runtimeFlagNotAllowed,
            "runtime flag \"\(key)\" is not allowed for backend \"\(backend)\"",
            hint: hint,
            at: location
        )
    }

    /// `-1`, `-0.5`, `-.5`: a negative number written as its own element.
    static func isNegativeNumber(_ text: String) -> Bool {
        let rest = text.dropFirst()
        guard text.hasPrefix("-"), let first = rest.first, first.isASCII, first.isNumber || first == "." else {
            return false
        }
        return Double(rest) != nil
    }

    /// The runner's rule for `=` values: `-` must be followed by an ASCII digit.
    static func startsWithDigitAfterDash(_ value: String) -> Bool {
        let bytes = Array(value.utf8.prefix(2))
        return bytes.count == 2 && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[1])
    }
}
