import Foundation
import ModelRunnerSim
import Testing

/// One table of requests, run against ModelRunnerSim (in `make test`) and against the real daemon
/// (in `make integration`), each answer reduced to what a client can observe: the status, the
/// content type, and a view of the body (stream line types, list and inspect fields, the
/// configuration read back). The expected column was taken from the real DMR v1.2.6; both must
/// match it. Differences the simulator keeps on purpose are listed in `simulatorDiffers` and in
/// docs/model-runner-sim.md ("Differences from the real daemon").
enum ScenarioTable {
    /// What the table's references are made of on one target.
    struct Names: Sendable {
        /// `127.0.0.1:PORT`, the registry the models are in.
        var registry: String
        /// `localhost:PORT`, the same registry spelled otherwise.
        var localhost: String
        /// A registry that does not answer (real: a dead port; the simulator: its registry switched off).
        var down: String

        func mask(_ text: String) -> String {
            var out = text.replacingOccurrences(of: registry, with: "REGISTRY")
                .replacingOccurrences(of: localhost, with: "LOCALHOST")
            if down != registry { out = out.replacingOccurrences(of: down, with: "DOWN") }
            // IDs and digests differ between the simulator and the registry's real manifests.
            out = out.replacingOccurrences(of: #"sha256:[0-9a-f]{64}"#, with: "sha256:ID", options: .regularExpression)
            return out
        }
    }

    /// How a body is reduced.
    enum View: Sendable {
        /// The body, trimmed.
        case text
        /// The body up to (and including) the first occurrence of the string.
        case prefix(String)
        /// NDJSON pull stream: the `type` of each line, repeats collapsed, then the success message.
        case lineTypes
        /// `GET /models/{ref}`: tags and the config fields a client reads.
        case model
        /// `GET /models`: the tags of models having a tag under `tbl/`.
        case listTags
        /// `GET /engines/_configure`: `Model` and `Config` of entries for `tbl/` models.
        case configurations
    }

    struct Step: Sendable {
        var name: String
        var method: String
        var path: @Sendable (Names) -> String
        var body: (@Sendable (Names) -> String)?
        var accept: String?
        var view: View
        /// The simulator's registry is switched off for this step (the real one uses `Names.down`).
        var registryDown = false
        var expected: String
    }

    static let tiny = "tbl/tiny:latest"

    static func reference(_ names: Names, _ repository: String = tiny) -> String { names.registry + "/" + repository }

    static let steps: [Step] = [
        Step(
            name: "inspect absent", method: "GET", path: { "/models/" + reference($0) }, view: .text,
            expected: "404 text/plain; charset=utf-8 model not found"),
        Step(
            name: "pull not in registry", method: "POST", path: { _ in "/models/create" },
            body: { #"{"from":"\#(reference($0, "tbl/none:latest"))"}"# }, accept: "application/json", view: .text,
            expected: "404 text/plain; charset=utf-8 Model not found"),
        Step(
            name: "pull empty reference", method: "POST", path: { _ in "/models/create" },
            body: { _ in #"{"from":""}"# },
            accept: "application/json", view: .text, expected: "400 text/plain; charset=utf-8 Invalid model reference"),
        Step(
            name: "pull body not JSON", method: "POST", path: { _ in "/models/create" }, body: { _ in "nope" },
            accept: "application/json", view: .text, expected: "400 text/plain; charset=utf-8 invalid request body"),
        Step(
            name: "pull registry down", method: "POST", path: { _ in "/models/create" },
            body: { #"{"from":"\#($0.down)/\#(tiny)"}"# }, accept: "application/json",
            view: .prefix("reading model from registry:"), registryDown: true,
            expected: "500 text/plain; charset=utf-8 error while pulling model: reading model from registry:"),
        Step(
            name: "pull fresh", method: "POST", path: { _ in "/models/create" },
            body: { #"{"from":"\#(reference($0))"}"# }, accept: "application/json", view: .lineTypes,
            expected: "200 application/json progress,success: Model pulled successfully"),
        Step(
            name: "pull present", method: "POST", path: { _ in "/models/create" },
            body: { #"{"from":"\#(reference($0))"}"# }, accept: "application/json", view: .lineTypes,
            expected: "200 application/json success: Using cached model: 640B"),
        Step(
            name: "pull present, no Accept", method: "POST", path: { _ in "/models/create" },
            body: { #"{"from":"\#(reference($0))"}"# }, accept: nil, view: .prefix("&#34;type&#34;"),
            expected: "200 text/plain {&#34;type&#34;"),
        Step(
            name: "inspect present", method: "GET", path: { "/models/" + reference($0) }, view: .model,
            expected:
                "200 application/json tags=REGISTRY/tbl/tiny:latest format=gguf architecture=llama size=640B context_size=2048"
        ),
        Step(
            name: "inspect by bare name", method: "GET", path: { _ in "/models/tiny" }, view: .model,
            expected:
                "200 application/json tags=REGISTRY/tbl/tiny:latest format=gguf architecture=llama size=640B context_size=2048"
        ),
        Step(
            name: "pull localhost spelling", method: "POST", path: { _ in "/models/create" },
            body: { #"{"from":"\#($0.localhost)/\#(tiny)"}"# }, accept: "application/json", view: .lineTypes,
            expected: "200 application/json success: Using cached model: 640B"),
        Step(
            name: "list after both spellings", method: "GET", path: { _ in "/models" }, view: .listTags,
            expected: "200 application/json [LOCALHOST/tbl/tiny:latest REGISTRY/tbl/tiny:latest]"),
        Step(
            name: "configure context size", method: "POST", path: { _ in "/engines/_configure" },
            body: { #"{"model":"\#(reference($0))","context-size":4096}"# }, view: .text, expected: "202 - "),
        Step(
            name: "read back", method: "GET", path: { _ in "/engines/_configure" }, view: .configurations,
            expected: #"200 application/json REGISTRY/tbl/tiny:latest {"context-size":4096}"#),
        Step(
            name: "configure flags only", method: "POST", path: { _ in "/engines/_configure" },
            body: { #"{"model":"\#(reference($0))","runtime-flags":["--temp","0.2"]}"# }, view: .text,
            expected: "202 - "),
        Step(
            name: "read back: the whole configuration was replaced", method: "GET",
            path: { _ in "/engines/_configure" },
            view: .configurations,
            expected: #"200 application/json REGISTRY/tbl/tiny:latest {"runtime-flags":["--temp","0.2"]}"#
        ),
        Step(
            name: "read back by model", method: "GET",
            path: { "/engines/_configure?model=" + reference($0) }, view: .configurations,
            expected: #"200 application/json REGISTRY/tbl/tiny:latest {"runtime-flags":["--temp","0.2"]}"#),
        Step(
            name: "configure disallowed flag", method: "POST", path: { _ in "/engines/_configure" },
            body: { #"{"model":"\#(reference($0))","runtime-flags":["--log-file","/tmp/x"]}"# }, view: .text,
            expected: #"500 text/plain; charset=utf-8 runtime flag "--log-file" is not allowed for backend "llama.cpp""#
        ),
        Step(
            name: "delete one tag", method: "DELETE", path: { "/models/" + $0.localhost + "/" + tiny }, view: .text,
            expected: #"200 application/json [{"Untagged":"LOCALHOST/tbl/tiny:latest"}]"#),
        Step(
            name: "delete the last tag", method: "DELETE", path: { "/models/" + reference($0) }, view: .text,
            expected: #"200 application/json [{"Untagged":"REGISTRY/tbl/tiny:latest"},{"Deleted":"sha256:ID"}]"#),
        Step(
            name: "delete again", method: "DELETE", path: { "/models/" + reference($0) }, view: .text,
            expected: "404 text/plain; charset=utf-8 error while deleting model: model not found"),
        Step(
            name: "list after delete", method: "GET", path: { _ in "/models" }, view: .listTags,
            expected: "200 application/json []"),
    ]

    /// Steps whose simulator answer may differ, with the reason (also in docs/model-runner-sim.md).
    static let simulatorDiffers: [String: String] = [:]

    /// The observed line for one answer.
    static func observe(_ response: RawResponse, view: View, names: Names) -> String {
        let type = response.header("Content-Type") ?? "-"
        let body = names.mask(response.body)
        let seen: String
        switch view {
        case .text:
            seen = body.trimmingCharacters(in: .whitespacesAndNewlines)
        case .prefix(let marker):
            seen = body.range(of: marker).map { String(body[..<$0.upperBound]) } ?? body
        case .lineTypes:
            var types: [String] = []
            var message = ""
            for line in body.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let kind = object["type"] as? String
                else {
                    types.append("text")
                    continue
                }
                if types.last != kind { types.append(kind) }
                if kind == "success" || kind == "error" { message = object["message"] as? String ?? "" }
            }
            seen = types.joined(separator: ",") + ": " + message
        case .model:
            let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            let config = object["config"] as? [String: Any] ?? [:]
            let tags = (object["tags"] as? [String] ?? []).sorted().joined(separator: ",")
            seen =
                "tags=\(tags) format=\(config["format"] ?? "-") architecture=\(config["architecture"] ?? "-") "
                + "size=\(config["size"] ?? "-") context_size=\(config["context_size"] ?? "-")"
        case .listTags:
            let list = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? []
            let tags = list.flatMap { $0["tags"] as? [String] ?? [] }.filter { $0.contains("/tbl/") }.sorted()
            seen = "[" + tags.joined(separator: " ") + "]"
        case .configurations:
            let list = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? []
            seen = list.filter { ($0["Model"] as? String ?? "").contains("/tbl/") }.map { entry -> String in
                let config = entry["Config"] ?? [:]
                let data = (try? JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])) ?? Data()
                return "\(entry["Model"] ?? "-") "
                    + String(decoding: data, as: UTF8.self).replacingOccurrences(
                        of: "\\/", with: "/")
            }.sorted().joined(separator: " | ")
        }
        return "\(response.status) \(type) \(seen)"
    }

    /// Runs every step against `http`; returns (step, observed) pairs. `registry` switches the
    /// simulator's registry for steps that need it down.
    static func run(
        _ http: RawHTTP, names: Names, registry: @Sendable (Bool) -> Void = { _ in }
    ) async throws -> [(Step, String)] {
        var results: [(Step, String)] = []
        for step in steps {
            if step.registryDown { registry(false) }
            var headers: [String: String] = [:]
            if step.body != nil { headers["Content-Type"] = "application/json" }
            if let accept = step.accept { headers["Accept"] = accept }
            let response = try await http.request(
                step.method, step.path(names), body: step.body?(names), headers: headers)
            if step.registryDown { registry(true) }
            results.append((step, observe(response, view: step.view, names: names)))
        }
        return results
    }

    /// Records an issue for every step whose observation is not the expected one.
    static func check(_ results: [(Step, String)], target: String, allowDifferences: Bool) {
        for (step, observed) in results where observed != step.expected {
            if allowDifferences, simulatorDiffers[step.name] != nil { continue }
            Issue.record("\(target), step '\(step.name)':\n  expected \(step.expected)\n  observed \(observed)")
        }
    }
}

extension ScenarioTable {
    /// Runs the table against a fresh simulator holding the same model as the registry.
    static func runAgainstSimulator() async throws -> [(Step, String)] {
        let registry = "127.0.0.1:5000"
        let names = ScenarioTable.Names(registry: registry, localhost: "localhost:5000", down: registry)
        let model = SimModel(
            reference: "\(registry)/\(ScenarioTable.tiny)", layerSizes: [1600],
            config: SimModelConfig(
                format: "gguf", quantization: "MOSTLY_F32", parameters: "160", architecture: "llama", size: "640B",
                contextSize: 2048),
            created: 1_767_225_600, aliases: ["localhost:5000/\(ScenarioTable.tiny)"])
        let sim = ModelRunnerSim(configuration: SimConfiguration(models: [model], progressInterval: .zero))
        let bound = try await sim.start(listening: .tcp(host: "127.0.0.1", port: 0))
        do {
            guard let port = URL(string: bound.url)?.port else {
                throw FixtureError("the simulator's address \(bound.url) has no port")
            }
            let results = try await run(
                RawHTTP(address: .tcp(port: port)), names: names, registry: { sim.setRegistryReachable($0) })
            try? await sim.shutdown()
            return results
        } catch {
            try? await sim.shutdown()
            throw error
        }
    }
}

/// The table against ModelRunnerSim: part of `make test`.
@Suite struct SimulatorScenarioTableTests {
    @Test func theSimulatorAnswersAsTheRealDaemonDid() async throws {
        let results = try await ScenarioTable.runAgainstSimulator()
        ScenarioTable.check(results, target: "ModelRunnerSim", allowDifferences: true)
    }
}
