import ComposeModel
import ModelBindSupport
import RunnerEndpoints
import YAML

/// Builds the compose file `wrap` writes: the project with `models:` removed and the variables
/// Compose would inject written into each bound service's `environment:`, so Compose < 2.38,
/// podman-compose or any other tool runs the services with the same variables.
///
/// Every value modelbind does not change is written as the file has it (`${API_KEY}` stays
/// `${API_KEY}`, `$$` stays `$$`), so nothing from `.env` or the environment lands in the file;
/// the values it adds have every `$` doubled.
public struct ComposeWrapper: Sendable {
    /// `full`: the whole project; `override`: only the additions, for `-f compose.yaml -f override.yaml`.
    public enum Mode: String, Sendable, CaseIterable {
        case full
        case override
    }

    public var mode: Mode
    /// Whether to add `extra_hosts: model-runner.docker.internal:host-gateway` (Docker Engine containers).
    public var addHostGateway: Bool
    /// When the file is written into another directory than the project's: how its relative paths
    /// (build contexts, env files, bind mounts, secret and config files) are rewritten.
    public var rebase: PathRebase?
    /// Only these services (nil: every one).
    public var services: Set<String>?

    public init(mode: Mode = .full, addHostGateway: Bool, rebase: PathRebase? = nil, services: Set<String>? = nil) {
        self.mode = mode
        self.addHostGateway = addHostGateway
        self.rebase = rebase.flatMap { $0.isIdentity ? nil : $0 }
        self.services = services
    }

    /// The wrapped file's text, and the places whose relative path could not be rewritten.
    public struct Output: Sendable {
        public var text: String
        /// Paths with a variable in them, which `rebase` cannot move (they are written as they are).
        public var unmovedPaths: [SourceLocation]
    }

    /// The wrapped compose file as YAML text.
    public func yaml(for project: ComposeProject, environment: BindingEnvironment) throws -> String {
        try wrap(project, environment: environment).text
    }

    /// The wrapped compose file, and what could not be rebased.
    public func wrap(_ project: ComposeProject, environment: BindingEnvironment) throws -> Output {
        var unmoved: [SourceLocation] = []
        let output = document(for: project, environment: environment, unmoved: &unmoved)
        guard let root = output.roots.first else {
            return Output(text: try YAMLWriter.write(.mapping([])), unmovedPaths: [])
        }
        let text = try YAMLWriter.write(output, root: root) { output.originalText(of: $0) ?? output.text(of: $0) }
        return Output(text: text, unmovedPaths: unmoved)
    }

    /// The wrapped document: scalars keep their written text as their original (see
    /// ``YAMLDocument/originalText(of:)``).
    public func document(for project: ComposeProject, environment: BindingEnvironment) -> YAMLDocument {
        var unmoved: [SourceLocation] = []
        return document(for: project, environment: environment, unmoved: &unmoved)
    }

    private func document(
        for project: ComposeProject, environment: BindingEnvironment, unmoved: inout [SourceLocation]
    ) -> YAMLDocument {
        var builder = YAMLDocumentBuilder()
        let document = project.document
        guard let root = document.root else {
            builder.beginMapping(at: YAMLPosition(path: project.files.first ?? "-", mark: YAMLMark(line: 1, column: 1)))
            builder.end()
            return builder.document()
        }
        let rootPosition = YAMLDocumentBuilder.position(of: root, in: document.store)
        builder.beginMapping(at: rootPosition)
        // The project keeps its name wherever the file is written (Compose names it after the
        // directory otherwise).
        if mode == .full, document.lookup("name", in: root) == nil {
            builder.scalar("name", at: rootPosition)
            builder.scalar(project.name, style: .doubleQuoted, original: project.name.doublingDollars, at: rootPosition)
        }
        for entry in document.namedEntries(of: root) where mode == .full || entry.name == "services" {
            if entry.name == "models" { continue }
            builder.copyScalar(entry.key, of: document.store)
            if entry.name == "secrets" || entry.name == "configs", document.kind(of: entry.value) == .mapping {
                copyFileResources(entry.value, of: document, into: &builder, unmoved: &unmoved)
                continue
            }
            guard entry.name == "services", document.kind(of: entry.value) == .mapping else {
                builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
                continue
            }
            builder.beginMapping(at: YAMLDocumentBuilder.position(of: entry.value, in: document.store))
            for service in document.namedEntries(of: entry.value) where services?.contains(service.name) ?? true {
                let variables = environment.variables(of: service.name)
                if mode == .override && variables == nil { continue }
                builder.copyScalar(service.key, of: document.store)
                wrapService(service.value, variables: variables ?? [], of: document, into: &builder, unmoved: &unmoved)
            }
            builder.end()
        }
        builder.end()
        return builder.document()
    }

    /// The service without `models`, with the variables in its `environment` (the style it is written
    /// in kept; names it sets already take the binding's value) and, when asked, the host-gateway
    /// entry in `extra_hosts`. In override mode, only the variables and that entry.
    private func wrapService(
        _ service: YAMLNodeID, variables: [BindingEnvironment.Variable], of document: ComposeDocument,
        into builder: inout YAMLDocumentBuilder, unmoved: inout [SourceLocation]
    ) {
        let position = YAMLDocumentBuilder.position(of: service, in: document.store)
        guard document.kind(of: service) == .mapping else {
            builder.copy(service, of: document.store, substitutions: document.substitutions)
            return
        }
        builder.beginMapping(at: position)
        if mode == .override {
            let style = document.lookup("environment", in: service)
            builder.scalar("environment", at: position)
            if let style, document.kind(of: style) == .sequence {
                builder.beginSequence(at: position)
                for variable in variables {
                    let entry = variable.name + "=" + variable.value
                    builder.scalar(entry, style: .doubleQuoted, original: entry.doublingDollars, at: position)
                }
            } else {
                builder.beginMapping(at: position)
                for variable in variables { addVariable(variable, at: position, into: &builder) }
            }
            builder.end()
            if addHostGateway {
                builder.scalar("extra_hosts", at: position)
                builder.beginSequence(at: position)
                builder.scalar(EndpointOptions.hostGatewayEntry, at: position)
                builder.end()
            }
            builder.end()
            return
        }
        let gateway = addHostGateway && !variables.isEmpty
        var wroteEnvironment = false
        var wroteHosts = false
        for field in document.namedEntries(of: service) {
            switch field.name {
            case "models":
                continue
            case "environment" where !variables.isEmpty:
                builder.copyScalar(field.key, of: document.store)
                environment(field.value, adding: variables, of: document, into: &builder)
                wroteEnvironment = true
            case "extra_hosts" where gateway:
                builder.copyScalar(field.key, of: document.store)
                extraHosts(field.value, of: document, into: &builder)
                wroteHosts = true
            case "build", "env_file", "label_file", "volumes":
                builder.copyScalar(field.key, of: document.store)
                if rebase == nil {
                    builder.copy(field.value, of: document.store, substitutions: document.substitutions)
                } else {
                    copyRebasing(field.value, field: field.name, of: document, into: &builder, unmoved: &unmoved)
                }
            default:
                builder.copyScalar(field.key, of: document.store)
                builder.copy(field.value, of: document.store, substitutions: document.substitutions)
            }
        }
        if !wroteEnvironment && !variables.isEmpty {
            builder.scalar("environment", at: position)
            builder.beginMapping(at: position)
            for variable in variables { addVariable(variable, at: position, into: &builder) }
            builder.end()
        }
        if gateway && !wroteHosts {
            builder.scalar("extra_hosts", at: position)
            builder.beginSequence(at: position)
            builder.scalar(EndpointOptions.hostGatewayEntry, at: position)
            builder.end()
        }
        builder.end()
    }

    private func addVariable(
        _ variable: BindingEnvironment.Variable, at position: YAMLPosition, into builder: inout YAMLDocumentBuilder
    ) {
        builder.scalar(variable.name, at: position)
        builder.scalar(variable.value, style: .doubleQuoted, original: variable.value.doublingDollars, at: position)
    }

    /// `environment` (a mapping or a `NAME=value` list) with the variables set: a name it has takes
    /// the binding's value in place, the others follow.
    private func environment(
        _ node: YAMLNodeID, adding variables: [BindingEnvironment.Variable], of document: ComposeDocument,
        into builder: inout YAMLDocumentBuilder
    ) {
        let position = YAMLDocumentBuilder.position(of: node, in: document.store)
        var pending = Dictionary(variables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        switch document.kind(of: node) {
        case .sequence:
            builder.beginSequence(at: position)
            for item in document.items(of: node) {
                let text = document.text(of: item)
                let name = text.firstIndex(of: "=").map { String(text[..<$0]) } ?? text
                if let variable = pending.removeValue(forKey: name) {
                    let entry = variable.name + "=" + variable.value
                    builder.scalar(entry, style: .doubleQuoted, original: entry.doublingDollars, at: position)
                } else {
                    builder.copy(item, of: document.store, substitutions: document.substitutions)
                }
            }
            for variable in variables where pending[variable.name] != nil {
                let entry = variable.name + "=" + variable.value
                builder.scalar(entry, style: .doubleQuoted, original: entry.doublingDollars, at: position)
            }
            builder.end()
        default:
            builder.beginMapping(at: position)
            for entry in document.namedEntries(of: node) {
                if let variable = pending.removeValue(forKey: entry.name) {
                    addVariable(
                        variable, at: YAMLDocumentBuilder.position(of: entry.key, in: document.store), into: &builder)
                } else {
                    builder.copyScalar(entry.key, of: document.store)
                    builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
                }
            }
            for variable in variables where pending[variable.name] != nil {
                addVariable(variable, at: position, into: &builder)
            }
            builder.end()
        }
    }

    /// `extra_hosts` with the host-gateway entry added (list or mapping style kept) unless it is there.
    private func extraHosts(_ node: YAMLNodeID, of document: ComposeDocument, into builder: inout YAMLDocumentBuilder) {
        let host = EndpointOptions.containerHost
        let position = YAMLDocumentBuilder.position(of: node, in: document.store)
        switch document.kind(of: node) {
        case .mapping:
            builder.beginMapping(at: position)
            for entry in document.namedEntries(of: node) {
                builder.copyScalar(entry.key, of: document.store)
                builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
            }
            if document.lookup(host, in: node) == nil {
                builder.scalar(host, at: position)
                builder.scalar("host-gateway", at: position)
            }
            builder.end()
        default:
            builder.beginSequence(at: position)
            var present = false
            for item in document.items(of: node) {
                let text = document.text(of: item)
                if text.hasPrefix(host + ":") || text.hasPrefix(host + "=") { present = true }
                builder.copy(item, of: document.store, substitutions: document.substitutions)
            }
            if !present { builder.scalar(EndpointOptions.hostGatewayEntry, at: position) }
            builder.end()
        }
    }

    // MARK: - Paths

    /// A scalar holding a path, rebased (or copied as is, noted, when it cannot be).
    private func copyPath(
        _ node: YAMLNodeID, of document: ComposeDocument, into builder: inout YAMLDocumentBuilder,
        unmoved: inout [SourceLocation], volume: Bool = false
    ) {
        let written = document.writtenText(of: node)
        guard let rebase, document.kind(of: node) == .scalar, document.string(of: node) != nil else {
            builder.copy(node, of: document.store, substitutions: document.substitutions)
            return
        }
        guard let moved = volume ? rebase.rebasedVolume(written) : rebase.rebased(written) else {
            unmoved.append(document.location(of: node))
            builder.copy(node, of: document.store, substitutions: document.substitutions)
            return
        }
        builder.scalar(
            moved, style: .doubleQuoted, original: moved,
            at: YAMLDocumentBuilder.position(of: node, in: document.store))
    }

    /// `build`, `env_file`, `label_file` or `volumes` with their local paths rebased.
    private func copyRebasing(
        _ node: YAMLNodeID, field: String, of document: ComposeDocument, into builder: inout YAMLDocumentBuilder,
        unmoved: inout [SourceLocation]
    ) {
        let position = YAMLDocumentBuilder.position(of: node, in: document.store)
        switch document.kind(of: node) {
        case .scalar:
            copyPath(node, of: document, into: &builder, unmoved: &unmoved, volume: field == "volumes")
        case .sequence:
            builder.beginSequence(at: position)
            for item in document.items(of: node) {
                if document.kind(of: item) == .mapping {
                    copyRebasing(item, field: field, of: document, into: &builder, unmoved: &unmoved)
                } else {
                    copyPath(item, of: document, into: &builder, unmoved: &unmoved, volume: field == "volumes")
                }
            }
            builder.end()
        case .mapping:
            // build: {context}; env_file item: {path}; volume: {type: bind, source}.
            let key = field == "build" ? "context" : field == "volumes" ? "source" : "path"
            let isBind = field != "volumes" || document.lookup("type", in: node).flatMap(document.string(of:)) == "bind"
            builder.beginMapping(at: position)
            for entry in document.namedEntries(of: node) {
                builder.copyScalar(entry.key, of: document.store)
                if entry.name == key && isBind {
                    copyPath(entry.value, of: document, into: &builder, unmoved: &unmoved)
                } else {
                    builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
                }
            }
            builder.end()
        }
    }

    /// Top-level `secrets` / `configs` with their `file:` paths rebased.
    private func copyFileResources(
        _ node: YAMLNodeID, of document: ComposeDocument, into builder: inout YAMLDocumentBuilder,
        unmoved: inout [SourceLocation]
    ) {
        builder.beginMapping(at: YAMLDocumentBuilder.position(of: node, in: document.store))
        for entry in document.namedEntries(of: node) {
            builder.copyScalar(entry.key, of: document.store)
            guard rebase != nil, document.kind(of: entry.value) == .mapping else {
                builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
                continue
            }
            builder.beginMapping(at: YAMLDocumentBuilder.position(of: entry.value, in: document.store))
            for field in document.namedEntries(of: entry.value) {
                builder.copyScalar(field.key, of: document.store)
                if field.name == "file" {
                    copyPath(field.value, of: document, into: &builder, unmoved: &unmoved)
                } else {
                    builder.copy(field.value, of: document.store, substitutions: document.substitutions)
                }
            }
            builder.end()
        }
        builder.end()
    }
}
