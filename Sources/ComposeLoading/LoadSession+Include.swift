import ComposeModel
import ModelBindSupport

/// `include:`: each entry is loaded as its own project (own directory and `.env`), and its
/// services, models and other resources are imported under the including file, whose own
/// definitions win where both define the same thing (compose-go's current behaviour).
extension LoadSession {
    static let importedResources = ["services", "models", "volumes", "networks", "secrets", "configs"]

    mutating func applyInclude(
        _ include: ComposeEntry,
        into local: ComposeNode,
        workingDirectory: String,
        environment: [String: String],
        includeStack: [String]
    ) -> ComposeNode {
        guard let items = include.value.items else {
            if !include.value.isNull {
                structureError(
                    "`include` must be a list, not \(include.value.typeDescription)", at: include.value.location)
            }
            return local
        }
        var imported: ComposeNode?
        for item in items {
            guard let entry = parseIncludeEntry(item) else { continue }
            let absolutes = entry.paths.map { PathUtilities.absolute($0, base: workingDirectory) }
            let directory =
                entry.projectDirectory.map { PathUtilities.absolute($0, base: workingDirectory) }
                ?? absolutes.first.map(PathUtilities.directory(of:)) ?? workingDirectory
            if let cycle = absolutes.first(where: includeStack.contains) {
                let chain = (includeStack + [cycle]).map(display(of:)).joined(separator: " → ")
                diagnostics.append(
                    Diagnostic(
                        Rule.composition,
                        "include cycle: \(chain)",
                        hint: "Remove the include that leads back to a file already being loaded.",
                        at: item.location
                    )
                )
                fatal = true
                continue
            }
            let envPaths: [(display: String, absolute: String)]
            if let envFiles = entry.envFiles {
                envPaths = envFiles.map { path in
                    let absolute = PathUtilities.absolute(path, base: workingDirectory)
                    return (display(of: absolute), absolute)
                }
            } else {
                let candidate = PathUtilities.join(directory, ".env")
                envPaths = loader.source.isFile(candidate) ? [(display(of: candidate), candidate)] : []
            }
            var includedEnvironment = environment
            for (key, value) in readEnvFiles(envPaths, base: environment, reference: item.location) {
                includedEnvironment[key] = value
            }
            let frozen = includedEnvironment
            var included: ComposeNode?
            for absolute in absolutes {
                guard
                    let node = loadFile(
                        display: display(of: absolute),
                        absolute: absolute,
                        workingDirectory: directory,
                        lookup: { frozen[$0] },
                        environment: frozen,
                        includeStack: includeStack,
                        reference: item.location
                    )
                else { continue }
                included = included.map { ComposeMerge.merge($0, node) } ?? node
            }
            guard let included else { continue }
            let resolved = resolveExtends(included, lookup: { frozen[$0] })
            let resources = ComposeNode(
                .mapping(Self.importedResources.compactMap(resolved.entry)),
                at: resolved.location
            )
            imported = imported.map { ComposeMerge.merge($0, resources) } ?? resources
        }
        guard let imported else { return local }
        return ComposeMerge.merge(imported, local)
    }

    private struct IncludeEntry {
        var paths: [String]
        var envFiles: [String]?
        var projectDirectory: String?
    }

    private mutating func parseIncludeEntry(_ item: ComposeNode) -> IncludeEntry? {
        if let path = item.string {
            return IncludeEntry(paths: [path])
        }
        guard let entries = item.entries else {
            structureError(
                "an `include` entry is a path or a mapping with `path:`, not \(item.typeDescription)",
                at: item.location
            )
            return nil
        }
        var result = IncludeEntry(paths: [])
        for entry in entries {
            switch entry.key {
            case "path":
                result.paths = stringOrList(entry) ?? []
            case "env_file":
                result.envFiles = stringOrList(entry)
            case "project_directory":
                guard let directory = entry.value.string else {
                    structureError("`project_directory` must be a string", at: entry.value.location)
                    return nil
                }
                result.projectDirectory = directory
            default:
                if !entry.key.hasPrefix("x-") {
                    structureError(
                        "unknown key `\(entry.key)` in an `include` entry",
                        hint: "An include entry takes `path`, `env_file` and `project_directory`.",
                        at: entry.keyLocation
                    )
                }
            }
        }
        guard !result.paths.isEmpty else {
            structureError("an `include` entry needs `path:`", at: item.location)
            return nil
        }
        return result
    }

    /// A string or a list of strings, as `path:` and `env_file:` take.
    mutating func stringOrList(_ entry: ComposeEntry) -> [String]? {
        if let single = entry.value.string { return [single] }
        if let items = entry.value.items {
            let strings = items.compactMap(\.string)
            if strings.count == items.count { return strings }
        }
        structureError("`\(entry.key)` must be a string or a list of strings", at: entry.value.location)
        return nil
    }

    mutating func structureError(_ message: String, hint: String? = nil, at location: SourceLocation) {
        diagnostics.append(Diagnostic(Rule.structure, message, hint: hint, at: location))
        fatal = true
    }
}
