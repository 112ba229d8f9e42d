import ModelBind

/// Runtime-flag validation for `_configure`, with DMR's exact error texts, through
/// `ModelBind.RuntimeFlagAllowlist`.
enum FlagValidationAdapter {
    /// `nil` when the flags are acceptable, else DMR's error text (answered with HTTP 500).
    static func problem(flags: [String], backend: String) -> String? {
        RuntimeFlagAllowlist.validate(flags, backend: backend)?.message
    }
}
