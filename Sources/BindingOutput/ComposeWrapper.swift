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

    public init(mode: Mode = .full, addHostGateway: Bool) {
        self.mode = mode
        self.addHostGateway = addHostGateway
    }

    /// The wrapped compose file as YAML text.
    public func yaml(for project: ComposeProject, environment: BindingEnvironment) throws -> String {
        let output = document(for: project, environment: environment)
        guard let root = output.roots.first else { return try YAMLWriter.write(.mapping([])) }
        return try YAMLWriter.write(output, root: root) { output.originalText(of: $0) ?? output.text(of: $0) }
    }

    /// The wrapped document: scalars keep their written text as their original (see
    /// ``YAMLDocument/originalText(of:)``).
    public func document(for project: ComposeProject, environment: BindingEnvironment) -> YAMLDocument {
        var builder = YAMLDocumentBuilder()
        let document = project.document
        guard let root = document.root else {
            builder.beginMapping(at: YAMLPosition(path: project.files.first ?? "-", mark: YAMLMark(line: 1, column: 1)))
            builder.end()
            return builder.document()
        }
        let rootPosition = YAMLDocumentBuilder.position(of: root, in: document.store)
        builder.beginMapping(at: rootPosition)
        for entry in document.namedEntries(of: root) where mode == .full || entry.name == "services" {
            if entry.name == "models" { continue }
            builder.copyScalar(entry.key, of: document.store)
            guard entry.name == "services", document.kind(of: entry.value) == .mapping else {
                builder.copy(entry.value, of: document.store, substitutions: document.substitutions)
                continue
            }
            builder.beginMapping(at: YAMLDocumentBuilder.position(of: entry.value, in: document.store))
            for service in document.namedEntries(of: entry.value) {
                let variables = environment.variables(of: service.name)
                if mode == .override && variables == nil { continue }
                builder.copyScalar(service.key, of: document.store)
                wrapService(service.value, variables: variables ?? [], of: document, into: &builder)
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
        into builder: inout YAMLDocumentBuilder
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
}
