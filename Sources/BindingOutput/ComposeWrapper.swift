import ComposeModel
import Foundation
import ModelBindSupport
import RunnerEndpoints

/// Builds the compose file `wrap` writes: the project with `models:` removed and the variables
/// Compose would inject written into each bound service's `environment:`, so Compose < 2.38,
/// podman-compose or any other tool runs the services with the same variables.
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
        try ComposeDocumentWriter.yaml(document(for: project, environment: environment))
    }

    /// The wrapped document; string values have `$` escaped as `$$` so Compose does not interpolate them again.
    public func document(for project: ComposeProject, environment: BindingEnvironment) -> ComposeNode {
        let root = project.document
        var services: [ComposeEntry] = []
        for entry in root["services"]?.entries ?? [] {
            var service = entry.value
            let variables = environment.variables(of: entry.key)
            switch mode {
            case .full:
                service.removeEntry("models")
                if let variables { service = Self.injecting(variables, into: service, addHostGateway: addHostGateway) }
                services.append(
                    ComposeEntry(key: entry.key, keyLocation: entry.keyLocation, value: Self.escaped(service)))
            case .override:
                guard let variables else { continue }
                var additions = ComposeNode(.mapping([]), at: service.location)
                let style = service["environment"] ?? ComposeNode(.mapping([]), at: service.location)
                additions.setEntry(
                    "environment",
                    Self.environment(variables, like: style.items != nil ? style : nil, at: service.location))
                if addHostGateway { additions.setEntry("extra_hosts", Self.extraHosts(nil, at: service.location)) }
                services.append(
                    ComposeEntry(key: entry.key, keyLocation: entry.keyLocation, value: Self.escaped(additions)))
            }
        }
        let servicesNode = ComposeNode(.mapping(services), at: root["services"]?.location ?? root.location)
        guard mode == .full else {
            return ComposeNode(
                .mapping([ComposeEntry(key: "services", keyLocation: root.location, value: servicesNode)]),
                at: root.location
            )
        }
        var entries: [ComposeEntry] = []
        for entry in root.entries ?? [] where entry.key != "models" {
            if entry.key == "services" {
                entries.append(ComposeEntry(key: "services", keyLocation: entry.keyLocation, value: servicesNode))
            } else {
                entries.append(
                    ComposeEntry(key: entry.key, keyLocation: entry.keyLocation, value: Self.escaped(entry.value)))
            }
        }
        return ComposeNode(.mapping(entries), at: root.location)
    }

    /// `service` with the variables in its `environment` (list or mapping style kept; same names replaced).
    static func injecting(
        _ variables: [BindingEnvironment.Variable],
        into service: ComposeNode,
        addHostGateway: Bool
    ) -> ComposeNode {
        var service = service
        let existing = service["environment"].flatMap { $0.isNull ? nil : $0 }
        let location = existing?.location ?? service.location
        if let existing {
            var merged = KeyedList(existing)
            for item in KeyedList(environment(variables, like: existing, at: location)).items { merged.set(item) }
            service.setEntry("environment", merged.node(like: existing))
        } else {
            service.setEntry("environment", environment(variables, like: nil, at: location))
        }
        if addHostGateway {
            service.setEntry("extra_hosts", extraHosts(service["extra_hosts"], at: service.location))
        }
        return service
    }

    /// The variables as a mapping, or as a `NAME=value` list when `style` is a list.
    static func environment(
        _ variables: [BindingEnvironment.Variable],
        like style: ComposeNode?,
        at location: SourceLocation
    ) -> ComposeNode {
        if style?.items != nil {
            return ComposeNode(
                .sequence(variables.map { .string("\($0.name)=\($0.value)", at: location) }), at: location)
        }
        return ComposeNode(
            .mapping(
                variables.map {
                    ComposeEntry(key: $0.name, keyLocation: location, value: .string($0.value, at: location))
                }),
            at: location
        )
    }

    /// `extra_hosts` with the host-gateway entry added (list or mapping style kept) unless it is there.
    static func extraHosts(_ existing: ComposeNode?, at location: SourceLocation) -> ComposeNode {
        let host = "model-runner.docker.internal"
        if let entries = existing?.entries {
            if entries.contains(where: { $0.key == host }) { return existing ?? .null(at: location) }
            return ComposeNode(
                .mapping(
                    entries + [
                        ComposeEntry(key: host, keyLocation: location, value: .string("host-gateway", at: location))
                    ]),
                at: location
            )
        }
        let items = existing?.items ?? []
        if items.contains(where: {
            ($0.scalar?.text ?? "").hasPrefix(host + ":") || ($0.scalar?.text ?? "").hasPrefix(host + "=")
        }) {
            return existing ?? .null(at: location)
        }
        return ComposeNode(.sequence(items + [.string(EndpointOptions.hostGatewayEntry, at: location)]), at: location)
    }

    /// Every string scalar with `$` written as `$$`, so the values survive Compose's interpolation.
    static func escaped(_ node: ComposeNode) -> ComposeNode {
        var node = node
        switch node.content {
        case .scalar(let scalar):
            if scalar.kind == .string, scalar.text.contains("$") {
                node.content = .scalar(
                    ComposeScalar(text: scalar.text.replacingOccurrences(of: "$", with: "$$"), kind: .string)
                )
            }
        case .sequence(let items):
            node.content = .sequence(items.map(escaped))
        case .mapping(let entries):
            node.content = .mapping(
                entries.map { ComposeEntry(key: $0.key, keyLocation: $0.keyLocation, value: escaped($0.value)) }
            )
        }
        return node
    }
}
