import YAML

/// How much of the compose files ``ComposeProject/document`` keeps.
public enum DocumentScope: Sendable, Hashable {
    /// Every key of every file: what `config` prints and `wrap` rewrites.
    case whole
    /// Only what models, bindings, profiles, the validation rules and the CLI's hints read: the
    /// top-level `name`, `models`, `services` and `include`, and of each service `models`,
    /// `environment`, `profiles`, `depends_on`, `extends`, `extra_hosts` and `image` (for the
    /// `docker run` line `up` suggests). Everything else is still interpolated and checked
    /// (an unset `${X:?}` or a bad `$` is reported where it is written), but not kept, which makes
    /// loading a large project several times cheaper. Findings are the same as with ``whole``.
    case bindings

    /// The top-level keys ``bindings`` keeps.
    static let topLevelKeys = YAMLKeyList(["name", "models", "services", "include"])
    /// The service keys ``bindings`` keeps.
    static let serviceKeys = YAMLKeyList([
        "models", "environment", "profiles", "depends_on", "extends", "extra_hosts", "image",
    ])
}
