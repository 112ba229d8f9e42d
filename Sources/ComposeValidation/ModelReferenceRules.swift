import ComposeModel
import FoundationEssentials

/// `model:` values: valid OCI references (MB401) with a lower-case repository (MB402).
enum ModelReferenceRules {
    static func check(_ project: ComposeProject, nodes: ProjectNodes) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Large projects repeat the same few references; each is parsed once.
        var parsed: [String: ModelReference] = [:]
        for model in project.models {
            guard let definition = nodes.model(model.key), let node = nodes.document.lookup("model", in: definition),
                nodes.document.string(of: node) != nil
            else { continue }
            let reference = parsed[model.model] ?? ModelReference(model.model)
            parsed[model.model] = reference
            guard reference.isValid else {
                let reason = reference.invalidReason.map { ": \($0)" } ?? ""
                diagnostics.append(
                    Diagnostic(
                        Rule.invalidModelReference,
                        "`model` of \"\(model.key)\" is not a valid OCI reference (\"\(model.model)\")\(reason)",
                        hint:
                            "Write a reference such as ai/smollm2, ai/smollm2:360M-Q4_K_M or hf.co/org/repository:tag.",
                        at: nodes.document.location(of: node)
                    )
                )
                continue
            }
            if reference.hasUppercaseRepository {
                let repository = repositoryPart(of: model.model)
                let lower = String(model.model.trimmingSpaces).replacing(repository, with: repository.lowercased())
                diagnostics.append(
                    Diagnostic(
                        Rule.uppercaseRepository,
                        "`model` of \"\(model.key)\" has upper-case letters in \"\(repository)\"; "
                            + "the runner lower-cases it to \"\(repository.lowercased())\"",
                        hint: "Write it in lower case: `model: \(lower)` (the tag may keep its case).",
                        at: nodes.document.location(of: node)
                    )
                )
            }
        }
        return diagnostics
    }

    /// The reference without its tag and digest: `[registry/]path`.
    static func repositoryPart(of reference: String) -> String {
        var name = Substring(reference.trimmingSpaces)
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") { name = name[..<colon] }
        return String(name)
    }
}
