import ComposeModel
import ModelBindSupport
import YAML

/// Writes the project's document back out as YAML (through libyaml's emitter, which quotes every
/// string another reader could take for something else).
public enum ComposeDocumentWriter {
    /// `config --format yaml`: the project as loaded (merged, interpolated) with its name first,
    /// its active services and its active models. Every `$` is written `$$`, as Compose's `config`
    /// writes it, so the output loads back to the same values.
    public static func configuration(of project: ComposeProject) throws -> String {
        let document = project.document
        guard let root = document.root else { return try YAMLWriter.write(.mapping([("name", .string(project.name))])) }
        let active = Set(project.activeServices)
        let activeModels = Set(project.activeModels.map(\.key))
        var builder = YAMLDocumentBuilder()
        let start = YAMLDocumentBuilder.position(of: root, in: document.store)
        builder.beginMapping(at: start)
        builder.scalar("name", at: start)
        builder.scalar(project.name, style: .doubleQuoted, at: start)
        for entry in document.namedEntries(of: root) where entry.name != "name" {
            switch entry.name {
            case "services":
                builder.copyScalar(entry.key, of: document.store)
                copyFiltered(entry.value, of: document, into: &builder) { active.contains($0) }
            case "models":
                guard document.namedEntries(of: entry.value).contains(where: { activeModels.contains($0.name) }) else {
                    continue
                }
                builder.copyScalar(entry.key, of: document.store)
                copyFiltered(entry.value, of: document, into: &builder) { activeModels.contains($0) }
            default:
                builder.copyScalar(entry.key, of: document.store)
                builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
            }
        }
        builder.end()
        let output = builder.document()
        return try YAMLWriter.write(output, root: output.roots[0]) { output.text(of: $0).doublingDollars }
    }

    /// A copy of the mapping at `node` with only the keys `keep` accepts.
    static func copyFiltered(
        _ node: YAMLNodeID, of document: ComposeDocument, into builder: inout YAMLDocumentBuilder,
        keeping keep: (String) -> Bool
    ) {
        builder.beginMapping(at: YAMLDocumentBuilder.position(of: node, in: document.store))
        for entry in document.namedEntries(of: node) where keep(entry.name) {
            builder.copyScalar(entry.key, of: document.store)
            builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
        }
        builder.end()
    }
}
