import ComposeModel

/// Model keys that loading accepts but Compose treats differently (MB106 for `x-*` keys).
enum ModelKeyRules {
    static func check(_ project: ComposeProject) -> [Diagnostic] {
        guard let entries = project.document["models"]?.entries else { return [] }
        return entries.filter { $0.key.hasPrefix("x-") }.map { entry in
            Diagnostic(
                severity: .warning,
                code: Rule.modelKeyPattern.code,
                message: "\"\(entry.key)\" under `models:` is an extension field, not a model; Compose ignores it",
                hint: "Rename the model so its key does not start with `x-` (e.g. \"\(entry.key.dropFirst(2))\").",
                location: entry.keyLocation
            )
        }
    }
}
