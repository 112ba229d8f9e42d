import ComposeModel
import YAML

/// Writes compose trees back out as YAML through libyaml's emitter (via the `YAML` writer,
/// which quotes every string another YAML reader could take for something else).
public enum ComposeDocumentWriter {
    /// `config --format yaml`: the project as loaded, with its name, active services and active models.
    public static func configuration(of project: ComposeProject) throws -> String {
        try yaml(activeDocument(of: project))
    }

    /// `node` as YAML text.
    public static func yaml(_ node: ComposeNode) throws -> String {
        try YAMLWriter.write(output(node))
    }

    /// The project's document reduced to what is active, with `name:` first.
    public static func activeDocument(of project: ComposeProject) -> ComposeNode {
        let start = project.document.location
        var entries: [ComposeEntry] = [
            ComposeEntry(key: "name", keyLocation: start, value: .string(project.name, at: start))
        ]
        let active = Set(project.activeServices)
        let activeModels = Set(project.activeModels.map(\.key))
        for entry in project.document.entries ?? [] where entry.key != "name" {
            var entry = entry
            switch entry.key {
            case "services":
                entry.value = filtered(entry.value) { active.contains($0) }
            case "models":
                entry.value = filtered(entry.value) { activeModels.contains($0) }
                if entry.value.entries?.isEmpty ?? true { continue }
            default:
                break
            }
            entries.append(entry)
        }
        return ComposeNode(.mapping(entries), at: start)
    }

    private static func filtered(_ node: ComposeNode, keeping keep: (String) -> Bool) -> ComposeNode {
        guard let entries = node.entries else { return node }
        return ComposeNode(.mapping(entries.filter { keep($0.key) }), at: node.location, tag: node.tag)
    }

    /// The writer's tree for a compose node: strings stay strings (quoted where needed), other
    /// scalars are written as they were written.
    public static func output(_ node: ComposeNode) -> YAMLOutput {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.kind {
            case .string: return .string(scalar.text)
            case .null: return .plain("null")
            case .bool, .int, .float: return .plain(scalar.text)
            }
        case .sequence(let items):
            return .sequence(items.map(output))
        case .mapping(let entries):
            return .mapping(entries.map { ($0.key, output($0.value)) })
        }
    }
}
