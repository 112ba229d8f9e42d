import ModelBindSupport

/// One thing wrong with a `runtime_flags` element, as Docker Model Runner (DMR) would see it.
public struct RuntimeFlagProblem: Sendable, Equatable {
    /// The kind of problem.
    public enum Kind: Sendable, Equatable {
        /// The flag key is not on the backend's allowlist.
        case notAllowed
        /// The element contains `/` or `\` (DMR rejects anything that could be a path).
        case containsPath
        /// `--key=-x`: a value after `=` that starts with `-` not followed by a digit.
        case invalidFlagValue
        /// A negative number given as its own element (`["--seed", "-1"]`), which DMR reads as flag
        /// `-1`; the suggestion is the `=` form (`--seed=-1`).
        case separateNegativeValue
        /// The backend has no allowlist, so DMR rejects every flag.
        case backendHasNoAllowlist
    }

    /// The kind of problem.
    public var kind: Kind
    /// The element's index in the flags array.
    public var index: Int
    /// The offending flag key (allowlist problems) or the whole element (the other kinds).
    public var flag: String
    /// DMR's exact error text for this failure.
    public var message: String
    /// A fix: the closest allowed spelling (`--ctx-szie` → `--ctx-size`), or the `=` form for a
    /// separate negative value; nil when there is none.
    public var suggestion: String?

    /// Creates a problem.
    public init(kind: Kind, index: Int, flag: String, message: String, suggestion: String? = nil) {
        self.kind = kind
        self.index = index
        self.flag = flag
        self.message = message
        self.suggestion = suggestion
    }
}

/// DMR's runtime-flag validation (`ValidateRuntimeFlags`), checked offline.
///
/// DMR runs three passes over the whole list and reports the first failure: (1) every element
/// starting with `-` must have its key (text before the first `=`) on the backend's allowlist;
/// (2) in every element containing `=`, the text after the first `=` must not start with `-`
/// unless a digit follows; (3) no element may contain `/` or `\`.
public enum RuntimeFlagAllowlist {
    /// Known DMR backend names: those with an allowlist first, then those without.
    public static let backends: [String] = ["llama.cpp", "vllm"] + backendsWithoutAllowlist

    /// The allowed flag keys for `backend`, in upstream order; nil when the backend has no
    /// allowlist (DMR then rejects every flag).
    public static func allowedFlags(for backend: String) -> [String]? {
        switch backend {
        case "llama.cpp": return llamaCppFlags
        case "vllm": return vllmFlags
        default: return nil
        }
    }

    /// The allowlists as sets, built once (building one per model cost ~165k instructions each).
    private static let llamaCppSet = Set(llamaCppFlags)
    private static let vllmSet = Set(vllmFlags)

    private static func allowedSet(for backend: String) -> Set<String>? {
        switch backend {
        case "llama.cpp": return llamaCppSet
        case "vllm": return vllmSet
        default: return nil
        }
    }

    /// DMR's `ParseFlagKey`: for an element starting with `-`, the text before the first `=`
    /// (or the whole element); `""` for values.
    public static func parseFlagKey(_ arg: String) -> String {
        guard arg.utf8.first == UInt8(ascii: "-") else { return "" }
        return arg.utf8.firstIndex(of: UInt8(ascii: "=")).map { String(arg[..<$0]) } ?? arg
    }

    /// DMR's `ValidateRuntimeFlags`: the first failure in DMR's order with its exact message, or nil.
    public static func validate(_ flags: [String], backend: String) -> RuntimeFlagProblem? {
        let all = problems(in: flags, backend: backend)
        let passes: [[RuntimeFlagProblem.Kind]] = [
            [.notAllowed, .separateNegativeValue, .backendHasNoAllowlist], [.invalidFlagValue], [.containsPath],
        ]
        for pass in passes {
            if let first = all.first(where: { pass.contains($0.kind) }) { return first }
        }
        return nil
    }

    /// Every problem in `flags`, ordered by index (and within an element in DMR's check order),
    /// with suggestions where one exists.
    public static func problems(in flags: [String], backend: String) -> [RuntimeFlagProblem] {
        let allowed = allowedSet(for: backend)
        var result: [RuntimeFlagProblem] = []
        for (index, element) in flags.enumerated() {
            let key = parseFlagKey(element)
            if !key.isEmpty, allowed?.contains(key) != true {
                let message = "runtime flag \(GoQuote.quote(key)) is not allowed for backend \(GoQuote.quote(backend))"
                if allowed == nil {
                    result.append(.init(kind: .backendHasNoAllowlist, index: index, flag: key, message: message))
                } else if let combined = negativeValueSuggestion(flags, index) {
                    result.append(
                        .init(
                            kind: .separateNegativeValue, index: index, flag: key, message: message,
                            suggestion: combined))
                } else {
                    result.append(
                        .init(
                            kind: .notAllowed, index: index, flag: key, message: message,
                            suggestion: SpellingSuggestion.closest(to: key, in: allowedFlags(for: backend) ?? [])))
                }
            }
            if let equals = element.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let value = element[element.utf8.index(after: equals)...]
                if value.hasPrefix("-"), !(value.dropFirst().first.map { $0.isASCII && $0.isNumber } ?? false) {
                    var suggestion: String?
                    if value.hasPrefix("-."), value.dropFirst(2).first.map({ $0.isASCII && $0.isNumber }) == true {
                        suggestion = element[..<equals] + "=-0." + value.dropFirst(2)
                    }
                    result.append(
                        .init(
                            kind: .invalidFlagValue, index: index, flag: element,
                            message:
                                "invalid flag \(GoQuote.quote(element)): value cannot start with '-' unless followed by a digit",
                            suggestion: suggestion))
                }
            }
            if element.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) {
                result.append(
                    .init(
                        kind: .containsPath, index: index, flag: element,
                        message:
                            "invalid runtime flag \(GoQuote.quote(element)): paths are not allowed (contains '/' or '\\\\')"
                    ))
            }
        }
        return result
    }

    /// The context size the flags set (`-c N`, `--ctx-size N`, `-c=N`, `--ctx-size=N`; the last
    /// one wins, as in llama.cpp), if any and if it is an integer.
    public static func contextSize(in flags: [String]) -> Int? {
        var result: Int?
        var index = 0
        while index < flags.count {
            let element = flags[index]
            if element == "-c" || element == "--ctx-size" {
                if index + 1 < flags.count, let value = Int(flags[index + 1]) { result = value }
                index += 2
                continue
            }
            for prefix in ["-c=", "--ctx-size="] where element.hasPrefix(prefix) {
                if let value = Int(element.dropFirst(prefix.count)) { result = value }
            }
            index += 1
        }
        return result
    }

    // MARK: - Implementation

    /// For `["--seed", "-1"]` at the `-1`: `--seed=-1` (with `-.5` written `-0.5`).
    private static func negativeValueSuggestion(_ flags: [String], _ index: Int) -> String? {
        let element = flags[index]
        let digits = element.hasPrefix("-.") ? element.dropFirst(2) : element.dropFirst()
        guard index > 0, element.hasPrefix("-"), digits.first.map({ $0.isASCII && $0.isNumber }) == true,
            Double(element) != nil
        else { return nil }
        let previous = flags[index - 1]
        guard previous.hasPrefix("-"), !previous.contains("="), Double(previous) == nil else { return nil }
        let value = element.hasPrefix("-.") ? "-0." + element.dropFirst(2) : element
        return previous + "=" + value
    }
}
