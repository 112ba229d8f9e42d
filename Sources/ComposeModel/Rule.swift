/// A kind of finding with a stable code. Every diagnostic modelbind emits uses one of these;
/// docs/rules.md documents each with a failing and a passing example, and SARIF output
/// carries this metadata.
public struct Rule: Sendable, Hashable {
    /// Stable identifier, e.g. `MB201`.
    public var code: String
    /// Short kebab-case name, e.g. `undefined-model`.
    public var name: String
    /// The severity a finding of this rule has by default.
    public var severity: Diagnostic.Severity
    /// One sentence describing what the rule checks.
    public var summary: String

    public init(_ code: String, _ name: String, _ severity: Diagnostic.Severity, _ summary: String) {
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
    }
}

extension Rule {
    // MARK: Loading (reported by every command that reads a project)
    public static let yamlSyntax = Rule("MB001", "yaml", .error, "The file is valid YAML within modelbind's limits.")
    public static let interpolation = Rule(
        "MB002", "interpolation", .error, "Variable substitution succeeds (`${X:?message}`, template syntax).")
    public static let unsetVariable = Rule(
        "MB003", "unset-variable", .warning, "A variable used in the file is set (unset ones become empty strings).")
    public static let file = Rule("MB004", "file", .error, "Every compose, env, include and extends file can be read.")
    public static let structure = Rule(
        "MB005", "compose-structure", .error, "The file has Compose's shape: mappings where Compose expects them.")
    public static let composition = Rule(
        "MB006", "composition", .error, "`include` and `extends` resolve without cycles or unknown services.")
    public static let naming = Rule(
        "MB007", "naming", .error, "Project and selected service names are ones Compose accepts.")
    public static let consistency = Rule(
        "MB008", "consistency", .error,
        "The project passes Compose's consistency checks: every active service has an image or a build, "
            + "depends on defined services, and its required env files exist.")

    // MARK: Model schema
    public static let modelUnknownKey = Rule(
        "MB101", "model-unknown-key", .error,
        "A model definition has only `model`, `name`, `context_size`, `runtime_flags` and `x-*` keys.")
    public static let modelMissingModel = Rule(
        "MB102", "model-missing-model", .error, "A model definition has `model:` set to a string.")
    public static let modelContextSize = Rule(
        "MB103", "model-context-size", .error,
        "`context_size` is written as an integer (Compose casts no interpolated value for it).")
    public static let modelRuntimeFlagsType = Rule(
        "MB104", "model-runtime-flags-type", .error, "`runtime_flags` is a list of strings.")
    public static let serviceModelsShape = Rule(
        "MB105", "service-models-shape", .error,
        "A service's `models` is a list of model keys or a mapping of key to `{endpoint_var, model_var}` or null.")
    public static let modelKeyPattern = Rule(
        "MB106", "model-key-pattern", .error,
        "A model key gives variable names an env file can hold (ASCII letters, digits, `._-[]`) and is not an `x-` extension."
    )
    public static let modelNameType = Rule("MB107", "model-name-type", .error, "`name` is a string.")
    public static let contextSizeIgnored = Rule(
        "MB108", "context-size-ignored", .warning,
        "`context_size` is positive (Compose passes no context size for 0 or less).")

    // MARK: References between services and models
    public static let undefinedModel = Rule(
        "MB201", "undefined-model", .error, "Every model a service binds is defined under top-level `models:`.")
    public static let unusedModel = Rule(
        "MB202", "unused-model", .warning, "Every model is bound by at least one active service.")

    // MARK: Variables
    public static let invalidVariableName = Rule(
        "MB301", "invalid-variable-name", .error,
        "`endpoint_var` and `model_var` are names an env file can hold (ASCII letters, digits, `._-[]`)."
    )
    public static let nonPOSIXVariableName = Rule(
        "MB302", "non-posix-variable-name", .warning,
        "Default variable names are POSIX names (`[A-Za-z_][A-Za-z0-9_]*`).")
    public static let variableCollision = Rule(
        "MB303", "variable-collision", .error, "No two bindings of one service produce the same variable.")
    public static let environmentOverwritten = Rule(
        "MB304", "environment-overwritten", .warning,
        "A binding does not silently overwrite a variable the service sets in `environment:`.")

    // MARK: Model references
    public static let invalidModelReference = Rule(
        "MB401", "invalid-model-reference", .error, "`model:` is a valid OCI reference.")
    public static let uppercaseRepository = Rule(
        "MB402", "uppercase-repository", .warning,
        "The repository part of `model:` is lower case (the runner lower-cases it).")

    // MARK: Runtime flags (checked offline against DMR's allowlist)
    public static let runtimeFlagNotAllowed = Rule(
        "MB501", "runtime-flag-not-allowed", .error, "Every runtime flag is on the runner's allowlist for the backend.")
    public static let runtimeFlagPath = Rule(
        "MB502", "runtime-flag-path", .error,
        "No runtime flag or value contains `/` or `\\` (the runner rejects paths).")
    public static let runtimeFlagNegativeValue = Rule(
        "MB503", "runtime-flag-negative-value", .error,
        "A negative value is attached to its flag (`--seed=-1`), not a separate element.")
    public static let runtimeFlagDuplicate = Rule(
        "MB504", "runtime-flag-duplicate", .warning, "No runtime flag is given twice after merging files.")
    public static let runtimeFlagContextSize = Rule(
        "MB505", "runtime-flag-context-size", .warning, "A context-size runtime flag agrees with `context_size`.")
    public static let runtimeFlagInvalidValue = Rule(
        "MB506", "runtime-flag-invalid-value", .error,
        "A `--flag=value` value does not start with `-` unless it is a number.")

    // MARK: Platform
    public static let missingExtraHosts = Rule(
        "MB601", "missing-extra-hosts", .warning,
        "On Docker Engine, a bound service maps `model-runner.docker.internal` to the host gateway.")

    /// Every rule, in code order.
    public static let all: [Rule] = [
        yamlSyntax, interpolation, unsetVariable, file, structure, composition, naming, consistency,
        modelUnknownKey, modelMissingModel, modelContextSize, modelRuntimeFlagsType, serviceModelsShape,
        modelKeyPattern,
        modelNameType, contextSizeIgnored,
        undefinedModel, unusedModel,
        invalidVariableName, nonPOSIXVariableName, variableCollision, environmentOverwritten,
        invalidModelReference, uppercaseRepository,
        runtimeFlagNotAllowed, runtimeFlagPath, runtimeFlagNegativeValue, runtimeFlagDuplicate, runtimeFlagContextSize,
        runtimeFlagInvalidValue,
        missingExtraHosts,
    ]

    /// The rule with this code.
    public static func rule(forCode code: String) -> Rule? {
        all.first { $0.code == code }
    }
}

extension Diagnostic {
    /// A finding of `rule` with the rule's default severity.
    public init(_ rule: Rule, _ message: String, hint: String? = nil, at location: SourceLocation?) {
        self.init(severity: rule.severity, code: rule.code, message: message, hint: hint, location: location)
    }
}
