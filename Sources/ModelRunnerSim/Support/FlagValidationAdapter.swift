/// Runtime-flag validation for `_configure`, with DMR's exact error texts.
///
/// Delegates to `ModelBind.RuntimeFlagAllowlist` once that exists; until then it applies only DMR's path rule and
/// the "no allow-list for this backend" rule.
enum FlagValidationAdapter {
    /// `nil` when the flags are acceptable, else DMR's error text (answered with HTTP 500).
    static func problem(flags: [String], backend: String) -> String? {
        for flag in flags where flag.contains("/") || flag.contains("\\") {
            return "invalid runtime flag \"\(flag)\": paths are not allowed (contains '/' or '\\\\')"
        }
        if backend != "llama.cpp" && backend != "vllm", let first = flags.first(where: { $0.hasPrefix("-") }) {
            let key = String(first.split(separator: "=", maxSplits: 1).first ?? Substring(first))
            return "runtime flag \"\(key)\" is not allowed for backend \"\(backend)\""
        }
        return nil
    }
}
