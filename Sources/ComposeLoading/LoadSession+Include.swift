import ComposeModel
import ModelBindSupport
import YAML

/// `include:` (compose-go `ApplyInclude`): each entry is loaded as a project of its own (its own
/// directory and `.env`, under the including project's environment, which wins), and its services,
/// models and other resources are imported into the including file. A resource both define must
/// be defined alike, or Compose refuses it ("conflicts with imported resource").
extension LoadSession {
    static let importedResources = ["services", "volumes", "networks", "secrets", "configs", "models"]

    mutating func applyInclude(
        _ piece: Piece, workingDirectory: String, environment: [String: String], includeStack: [String]
    ) -> Piece {
        let document = piece.rootDocument
        guard let root = document.root, let include = document.lookup("include", in: root) else { return piece }
        var imported: [ComposeDocument] = []
        if document.kind(of: include) == .sequence {
            for item in document.items(of: include) {
                guard let entry = parseIncludeEntry(item, in: document) else { continue }
                if let included = loadIncluded(
                    entry, at: document.location(of: item), workingDirectory: workingDirectory,
                    environment: environment, includeStack: includeStack)
                {
                    imported.append(included)
                }
            }
        } else if !document.isNull(include) {
            structureError(
                "`include` must be a list, not \(document.typeDescription(of: include))",
                at: document.location(of: include))
        }
        return importing(imported, into: piece, document: document)
    }

    private struct IncludeEntry {
        var paths: [String]
        var envFiles: [String]?
        var projectDirectory: String?
    }

    private mutating func parseIncludeEntry(_ item: YAMLNodeID, in document: ComposeDocument) -> IncludeEntry? {
        if let path = document.string(of: item) { return IncludeEntry(paths: [path]) }
        guard document.kind(of: item) == .mapping else {
            structureError(
                "an `include` entry is a path or a mapping with `path:`, not \(document.typeDescription(of: item))",
                at: document.location(of: item))
            return nil
        }
        var result = IncludeEntry(paths: [])
        for field in document.namedEntries(of: item) {
            switch field.name {
            case "path":
                result.paths = stringOrList(field.value, named: field.name, in: document) ?? []
            case "env_file":
                result.envFiles = stringOrList(field.value, named: field.name, in: document)
            case "project_directory":
                guard let directory = document.string(of: field.value) else {
                    structureError("`project_directory` must be a string", at: document.location(of: field.value))
                    return nil
                }
                result.projectDirectory = directory
            default:
                if !field.name.hasPrefix("x-") {
                    structureError(
                        "unknown key `\(field.name)` in an `include` entry",
                        hint: "An include entry takes `path`, `env_file` and `project_directory`.",
                        at: document.location(of: field.key))
                }
            }
        }
        guard !result.paths.isEmpty else {
            structureError("an `include` entry needs `path:`", at: document.location(of: item))
            return nil
        }
        return result
    }

    /// A string or a list of strings, as `path:` and `env_file:` take.
    private mutating func stringOrList(_ node: YAMLNodeID, named name: String, in document: ComposeDocument)
        -> [String]?
    {
        if let single = document.string(of: node) { return [single] }
        if document.kind(of: node) == .sequence {
            let items = document.items(of: node)
            let strings = items.compactMap(document.string(of:))
            if strings.count == items.count { return strings }
        }
        structureError("`\(name)` must be a string or a list of strings", at: document.location(of: node))
        return nil
    }

    /// The included project's merged document, or nil (reported).
    private mutating func loadIncluded(
        _ entry: IncludeEntry, at location: SourceLocation, workingDirectory: String,
        environment: [String: String], includeStack: [String]
    ) -> ComposeDocument? {
        let absolutes = entry.paths.map { PathUtilities.absolute($0, base: workingDirectory) }
        let directory =
            entry.projectDirectory.map { PathUtilities.absolute($0, base: workingDirectory) }
            ?? absolutes.first.map(PathUtilities.directory(of:)) ?? workingDirectory
        if let cycle = absolutes.first(where: includeStack.contains) {
            let chain = (includeStack + [cycle]).map(display(of:)).joined(separator: " → ")
            compositionError(
                "include cycle: \(chain)", hint: "Remove the include that leads back to a file already being loaded.",
                at: location)
            return nil
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
        // compose-go: `environment.Clone().Merge(envFromFile)`: the including project's values win.
        var includedEnvironment = environment
        for (key, value) in readEnvFiles(envPaths, base: environment, reference: location)
        where includedEnvironment[key] == nil {
            includedEnvironment[key] = value
        }
        let portable = includedEnvironment == environment
        return loadModel(
            absolutes.map { (display(of: $0), $0) }, workingDirectory: directory, environment: includedEnvironment,
            includeStack: includeStack, portable: portable, reference: location)
    }

    /// `piece` without `include`, with each imported document's resources added to it: a resource
    /// it defines too must be equal, else it is reported as a conflict.
    private mutating func importing(_ imported: [ComposeDocument], into piece: Piece, document: ComposeDocument)
        -> Piece
    {
        guard let root = document.root else { return piece }
        // What to add: each imported resource the file does not define (or an earlier include did).
        var added: [String: [(document: ComposeDocument, key: YAMLNodeID, value: YAMLNodeID)]] = [:]
        var defined: [String: [String: (document: ComposeDocument, node: YAMLNodeID)]] = [:]
        for section in Self.importedResources {
            if let local = document.lookup(section, in: root) {
                for entry in document.namedEntries(of: local) {
                    defined[section, default: [:]][entry.name] = (document, entry.value)
                }
            }
        }
        for included in imported {
            guard let includedRoot = included.root else { continue }
            for section in Self.importedResources {
                guard let resources = included.lookup(section, in: includedRoot) else { continue }
                for entry in included.namedEntries(of: resources) {
                    if let existing = defined[section]?[entry.name] {
                        if !TreeEquality.equal(existing.document, existing.node, included, entry.value) {
                            compositionError(
                                "\(section).\(entry.name) conflicts with imported resource: "
                                    + "\(included.location(of: entry.key)) defines it differently",
                                hint: "Define it in one place only, or alike in both (Compose refuses the difference).",
                                at: existing.document.location(of: existing.node))
                        }
                        continue
                    }
                    defined[section, default: [:]][entry.name] = (included, entry.value)
                    added[section, default: []].append((included, entry.key, entry.value))
                }
            }
        }
        // The new tree: the file's own pairs (without `include`), each resource section extended.
        var builder = YAMLDocumentBuilder()
        var sources = piece.sources
        let resourceSections = Set(Self.importedResources)
        builder.beginMapping(at: YAMLDocumentBuilder.position(of: root, in: document.store))
        var written: Set<String> = []
        for entry in document.namedEntries(of: root) where entry.name != "include" {
            builder.copyScalar(entry.key, of: document.store)
            if resourceSections.contains(entry.name), let extra = added[entry.name], !extra.isEmpty {
                written.insert(entry.name)
                builder.beginMapping(at: YAMLDocumentBuilder.position(of: entry.value, in: document.store))
                for pair in document.entries(of: entry.value) {
                    builder.copyScalar(pair.key, of: document.store)
                    builder.copy(pair.value, of: document.store, substitutions: document.substitutions)
                }
                for pair in extra {
                    builder.copyScalar(pair.key, of: pair.document.store)
                    builder.copy(pair.value, of: pair.document.store, substitutions: pair.document.substitutions)
                }
                builder.end()
            } else {
                builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
            }
        }
        for section in Self.importedResources where !written.contains(section) {
            guard let extra = added[section], let first = extra.first else { continue }
            builder.scalar(section, at: YAMLDocumentBuilder.position(of: first.key, in: first.document.store))
            builder.beginMapping(at: YAMLDocumentBuilder.position(of: first.key, in: first.document.store))
            for pair in extra {
                builder.copyScalar(pair.key, of: pair.document.store)
                builder.copy(pair.value, of: pair.document.store, substitutions: pair.document.substitutions)
            }
            builder.end()
        }
        builder.end()
        let built = builder.document()
        sources = [
            TreeSource(store: built, writtenTextIsPortable: piece.sources[piece.root.source].writtenTextIsPortable)
        ]
        return Piece(
            sources: sources, root: TreeNode(source: 0, node: built.roots[0]), needsCleaning: true,
            nullFindings: piece.nullFindings)
    }
}
