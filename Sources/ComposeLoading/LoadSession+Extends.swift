import ComposeModel
import ModelBindSupport
import YAML

/// `extends:` (compose-go `ApplyExtends`, run on each file before it is merged): a service starts
/// from another service of the same file, or of `file:`, and its own settings are merged on top with
/// the usual rules (so its `models` are the union). Only the service is taken from `file:`, never
/// that file's top-level models.
extension LoadSession {
    /// The longest chain of `extends` followed.
    static let maxExtendsChain = 64

    /// `piece` with every service's `extends` resolved (unchanged when no service has one).
    mutating func resolveExtends(_ piece: Piece, file: String, environment: [String: String]) -> Piece {
        let document = piece.rootDocument
        guard let root = document.root, let services = document.lookup("services", in: root),
            document.namedEntries(of: services).contains(where: { document.lookup("extends", in: $0.value) != nil })
        else { return piece }
        var sources = piece.sources
        var replacements: [TreeNodeKey: TreeNode] = [:]
        for service in document.namedEntries(of: services) where document.lookup("extends", in: service.value) != nil {
            guard
                let resolved = resolveService(
                    service.name, in: TreeNode(source: piece.root.source, node: services), sources: &sources,
                    environment: environment, chain: [])
            else { continue }
            replacements[TreeNodeKey(TreeNode(source: piece.root.source, node: service.value))] = resolved
        }
        let result = TreeMerge.merged(nil, piece.root, sources: sources, replacements: replacements)
        diagnostics += result.diagnostics
        guard let newRoot = result.document.roots.first else { return piece }
        return Piece(
            sources: [TreeSource(store: result.document)], root: TreeNode(source: 0, node: newRoot),
            needsCleaning: false, nullFindings: piece.nullFindings)
    }

    /// Service `name` of the `services` mapping at `services`, with its `extends` chain merged in,
    /// as a node of a source added to `sources`; nil (reported) when it cannot be resolved.
    private mutating func resolveService(
        _ name: String, in services: TreeNode, sources: inout [TreeSource], environment: [String: String],
        chain: [String]
    ) -> TreeNode? {
        let store = sources[services.source]
        let document = ComposeDocument(store: store.store, root: nil, substitutions: store.substitutions)
        guard let service = document.lookup(name, in: services.node) else { return nil }
        let serviceNode = TreeNode(source: services.source, node: service)
        guard let extends = document.lookup("extends", in: service) else { return serviceNode }
        let file = store.store.path(of: service)
        let link = file + "#" + name
        guard !chain.contains(link), chain.count < Self.maxExtendsChain else {
            compositionError(
                "extends cycle: service \"\(name)\" extends itself through \(chain.count) step(s)",
                hint: "Break the chain of `extends`.", at: document.location(of: extends))
            return nil
        }
        var baseName: String?
        var baseFile: String?
        if let short = document.string(of: extends) {
            baseName = short
        } else if document.kind(of: extends) == .mapping {
            for field in document.namedEntries(of: extends) {
                switch field.name {
                case "service": baseName = document.string(of: field.value)
                case "file": baseFile = document.string(of: field.value)
                default:
                    structureError(
                        "unknown key `\(field.name)` in `extends`", hint: "`extends` takes `service` and `file`.",
                        at: document.location(of: field.key))
                }
            }
        }
        guard let baseName else {
            structureError(
                "`extends` of service \"\(name)\" needs a service name",
                hint: "Write `extends: other` or `extends: {service: other}`.", at: document.location(of: extends))
            return nil
        }
        var baseServices = services
        if let baseFile {
            let referring = absolutePaths[file] ?? PathUtilities.absolute(file, base: currentDirectory)
            let absolute = PathUtilities.absolute(baseFile, base: PathUtilities.directory(of: referring))
            let display = display(of: absolute)
            directories[display] = PathUtilities.directory(of: absolute)
            guard
                let scanned = scanFile(
                    display: display, absolute: absolute, environment: environment,
                    reference: document.location(of: extends)
                ).first
            else { return nil }
            sources.append(TreeSource(store: scanned.store, substitutions: scanned.substitutions))
            let loaded = ComposeDocument(store: scanned.store, root: scanned.root)
            guard let servicesNode = loaded.lookup("services", in: scanned.root) else {
                compositionError(
                    "cannot extend service \"\(name)\": \(baseFile) has no services section",
                    hint: "Name a file that defines the service.", at: document.location(of: extends))
                return nil
            }
            baseServices = TreeNode(source: sources.count - 1, node: servicesNode)
        }
        let baseDocument = sources[baseServices.source]
        guard baseDocument.store.lookup(baseName, in: baseServices.node) != nil else {
            compositionError(
                "service \"\(name)\" extends \"\(baseName)\", which is not defined\(baseFile.map { " in \($0)" } ?? "")",
                hint: "Name a service that exists.", at: document.location(of: extends))
            return nil
        }
        guard
            let base = resolveService(
                baseName, in: baseServices, sources: &sources, environment: environment, chain: chain + [link])
        else { return nil }
        let result = TreeMerge.merged(base, serviceNode, sources: sources, context: .service)
        diagnostics += result.diagnostics
        guard let root = result.document.roots.first else { return nil }
        sources.append(TreeSource(store: result.document))
        return TreeNode(source: sources.count - 1, node: root)
    }
}
