import ComposeModel
import ModelBindSupport
import RunnerEndpoints
import YAML

/// Setups that break at run time on one platform: on Docker Engine, containers reach the runner
/// at `model-runner.docker.internal` only through an `extra_hosts` entry (MB601).
enum PlatformRules {
    static let runnerHost = EndpointOptions.containerHost

    static func check(_ project: ComposeProject, nodes: ProjectNodes, endpoint: EndpointOptions) -> [Diagnostic] {
        guard endpoint.needsHostGateway else { return [] }
        var diagnostics: [Diagnostic] = []
        let bound = Set(project.activeBindings.map(\.service))
        for name in project.activeServices where bound.contains(name) {
            guard let service = nodes.service(name),
                let models = nodes.document.namedEntries(of: service).first(where: { $0.name == "models" })
            else { continue }
            if let extraHosts = nodes.service(name, at: "extra_hosts"),
                hosts(extraHosts, in: nodes.document).contains(runnerHost)
            {
                continue
            }
            diagnostics.append(
                Diagnostic(
                    Rule.missingExtraHosts,
                    "service \"\(name)\" cannot resolve \(runnerHost) on Docker Engine: it has no `extra_hosts` entry for it",
                    hint: "Add to the service: extra_hosts: [\"\(EndpointOptions.hostGatewayEntry)\"] "
                        + "(`modelbind wrap` adds it for you).",
                    at: nodes.document.location(of: models.key)))
        }
        return diagnostics
    }

    /// Host names of `extra_hosts` in list form (`host:ip`, `host=ip`) or mapping form.
    static func hosts(_ node: YAMLNodeID, in document: ComposeDocument) -> Set<String> {
        if document.kind(of: node) == .mapping { return Set(document.namedEntries(of: node).map(\.name)) }
        var hosts: Set<String> = []
        for item in document.items(of: node) {
            guard document.kind(of: item) == .scalar else { continue }
            let text = document.text(of: item)
            let end = text.firstIndex { $0 == "=" || $0 == ":" } ?? text.endIndex
            let host = text[..<end].trimmingSpaces
            if !host.isEmpty { hosts.insert(String(host)) }
        }
        return hosts
    }
}
