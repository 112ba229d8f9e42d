import ComposeModel
import RunnerEndpoints

/// Setups that break at run time on one platform: on Docker Engine, containers reach the runner
/// at `model-runner.docker.internal` only through an `extra_hosts` entry (MB601).
enum PlatformRules {
    static let runnerHost = "model-runner.docker.internal"

    static func check(_ project: ComposeProject, nodes: ProjectNodes, endpoint: EndpointOptions) -> [Diagnostic] {
        guard endpoint.needsHostGateway else { return [] }
        var diagnostics: [Diagnostic] = []
        let bound = Set(project.activeBindings.map(\.service))
        for name in project.activeServices where bound.contains(name) {
            guard let service = nodes.service(name), let models = service.entry("models") else { continue }
            if let extraHosts = service["extra_hosts"], hosts(extraHosts).contains(runnerHost) { continue }
            diagnostics.append(
                Diagnostic(
                    Rule.missingExtraHosts,
                    "service \"\(name)\" cannot resolve \(runnerHost) on Docker Engine: it has no `extra_hosts` entry for it",
                    hint: "Add to the service: extra_hosts: [\"\(EndpointOptions.hostGatewayEntry)\"] "
                        + "(`modelbind wrap` adds it for you).",
                    at: models.keyLocation
                )
            )
        }
        return diagnostics
    }

    /// Host names of `extra_hosts` in list form (`host:ip`, `host=ip`) or mapping form.
    static func hosts(_ node: ComposeNode) -> Set<String> {
        if let entries = node.entries { return Set(entries.map(\.key)) }
        var hosts: Set<String> = []
        for item in node.items ?? [] {
            guard let text = item.scalar?.text else { continue }
            let end = text.firstIndex { $0 == "=" || $0 == ":" } ?? text.endIndex
            let host = String(text[..<end]).trimmingSpaces
            if !host.isEmpty { hosts.insert(String(host)) }
        }
        return hosts
    }
}
