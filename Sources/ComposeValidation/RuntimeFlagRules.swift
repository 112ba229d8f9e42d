import ComposeModel

/// `runtime_flags` checked offline the way Docker Model Runner checks them at `up` time
/// (MB501–MB503, MB506, with DMR's own messages), plus duplicates after merging (MB504) and
/// agreement with `context_size` (MB505). Each finding is at its element's own position.
struct RuntimeFlagRules {
    let backend: String

    /// The context-size spellings of llama.cpp.
    static let contextSizeFlags: Set<String> = ["-c", "--ctx-size"]

    func check(_ project: ComposeProject, nodes: ProjectNodes) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let allowed = RuntimeFlagAllowlist.allowedFlags(for: backend).map(Set.init)
        for model in project.models {
            guard let definition = nodes.model(model.key),
                let list = nodes.document.lookup("runtime_flags", in: definition)
            else { continue }
            let elements = nodes.document.items(of: list).compactMap { item in
                nodes.document.string(of: item).map { (text: $0, location: nodes.document.location(of: item)) }
            }
            let flags = elements.map(\.text)
            for problem in RuntimeFlagAllowlist.problems(in: flags, backend: backend)
            where elements.indices.contains(problem.index) {
                diagnostics.append(diagnostic(for: problem, at: elements[problem.index].location))
            }
            var firstSeen: [String: SourceLocation] = [:]
            for (index, element) in elements.enumerated() {
                let key = RuntimeFlagAllowlist.parseFlagKey(element.text)
                guard !key.isEmpty, allowed?.contains(key) == true else { continue }
                if let earlier = firstSeen[key] {
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
                let next = index + 1 < elements.count ? elements[index + 1].text : nil
                let attached = element.text.utf8.firstIndex(of: UInt8(ascii: "=")).map {
                    String(element.text[element.text.utf8.index(after: $0)...])
                }
                if Self.contextSizeFlags.contains(key), let contextSize = model.contextSize,
                    let value = attached ?? next, let size = Int(value), size != contextSize
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
        }
        return diagnostics
    }

    private func diagnostic(for problem: RuntimeFlagProblem, at location: SourceLocation) -> Diagnostic {
        switch problem.kind {
        case .notAllowed:
            let hint =
                problem.suggestion.map {
                    "Did you mean \"\($0)\"? Otherwise remove it: the runner rejects it with HTTP 500 at `up`."
                }
                ?? "Remove it: the runner rejects flags off its \(backend) allowlist (HTTP 500 at `up`)."
            return Diagnostic(Rule.runtimeFlagNotAllowed, problem.message, hint: hint, at: location)
        case .backendHasNoAllowlist:
            return Diagnostic(
                Rule.runtimeFlagNotAllowed,
                problem.message,
                hint:
                    "Backend \"\(backend)\" accepts no runtime flags; remove them, or validate with --backend llama.cpp or vllm.",
                at: location
            )
        case .separateNegativeValue:
            return Diagnostic(
                Rule.runtimeFlagNegativeValue,
                "runtime flag value \"\(problem.flag)\" is a separate element; the runner reads it as a flag and rejects it",
                hint: problem.suggestion.map { "Attach it to its flag as one element: \"\($0)\"." }
                    ?? "Attach it to its flag as one element (`--flag=-1`).",
                at: location
            )
        case .invalidFlagValue:
            return Diagnostic(
                Rule.runtimeFlagInvalidValue,
                problem.message,
                hint: problem.suggestion.map { "Write the number with a leading digit: \"\($0)\"." }
                    ?? "The runner rejects `=` values that look like options; only negative numbers (\"--seed=-1\") may start with '-'.",
                at: location
            )
        case .containsPath:
            return Diagnostic(
                Rule.runtimeFlagPath,
                problem.message,
                hint:
                    "The runner rejects every flag or value containing '/' or '\\' (paths, URLs, escapes); remove it.",
                at: location
            )
        }
    }
}
