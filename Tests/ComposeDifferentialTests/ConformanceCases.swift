import Foundation
import YAML

/// Cases made from the conformance vectors (Tests/ModelBindTests/Fixtures/conformance): their inputs
/// become compose projects, and Compose itself, not the vector's expectation, is the arbiter.
enum ConformanceCases {
    static let directory = RepositoryCases.fixtures + "/conformance"

    static func all() -> [DifferentialCase] {
        merge() + interpolation() + dotEnv()
    }

    private static func vectors(_ file: String) -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: directory + "/" + file),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return object["cases"] as? [[String: Any]] ?? []
    }

    /// A YAML double-quoted scalar holding `text` exactly.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(format: "%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: merge-models.json

    /// Each vector as `-f base.yaml -f override.yaml`, alone and with a third file that defines
    /// every model the services use and binds every model to a service (so nothing is pruned).
    static func merge() -> [DifferentialCase] {
        var cases: [DifferentialCase] = []
        for vector in vectors("merge-models.json") {
            guard let name = vector["name"] as? String, let base = vector["base"] as? String,
                let override = vector["override"] as? String
            else { continue }
            let files = ["base.yaml": base, "override.yaml": override]
            let arguments = ["-f", "base.yaml", "-f", "override.yaml"]
            // The vectors' flags (`--gpu`) are no runner's: any documented deviation is expected.
            cases.append(
                DifferentialCase(
                    name: "merge/" + name, origin: .conformance, files: files, arguments: arguments,
                    expectedDeviations: nil))
            var defined: Set<String> = []
            var used: Set<String> = []
            for text in [base, override] {
                guard let document = try? YAMLReader.read(text, path: "vector"), let root = document.root else {
                    continue
                }
                if let models = document.lookup("models", in: root) {
                    for (key, _) in document.entries(of: models) { defined.insert(document.text(of: key)) }
                }
                if let services = document.lookup("services", in: root) {
                    for (_, service) in document.entries(of: services) {
                        guard let list = document.lookup("models", in: service) else { continue }
                        switch document.kind(of: list) {
                        case .sequence: for item in document.items(of: list) { used.insert(document.text(of: item)) }
                        case .mapping:
                            for (key, _) in document.entries(of: list) { used.insert(document.text(of: key)) }
                        case .scalar: break
                        }
                    }
                }
            }
            var extra = "services:\n  user:\n    image: user\n    models:\n"
            for key in defined.union(used).sorted() {
                extra += "      \(key):\n        endpoint_var: USER_\(ComposeNaming.prefix(key))_URL\n"
                extra += "        model_var: USER_\(ComposeNaming.prefix(key))_MODEL\n"
            }
            let missing = used.subtracting(defined).sorted()
            if !missing.isEmpty {
                extra += "models:\n"
                for key in missing { extra += "  \(key):\n    model: ai/\(key.lowercased())\n" }
            }
            cases.append(
                DifferentialCase(
                    name: "merge/" + name + "+defined", origin: .conformance,
                    files: files.merging(["extra.yaml": extra]) { $1 }, arguments: arguments + ["-f", "extra.yaml"],
                    expectedDeviations: nil))
        }
        return cases
    }

    // MARK: interpolation.json

    /// Every template as a `model:` (so its value is `*_MODEL`), with the vector's variables in the
    /// environment. Templates that succeed are batched by environment, one model each; the others
    /// are one project each.
    static func interpolation() -> [DifferentialCase] {
        var batches: [String: (environment: [String: String], templates: [(String, String)])] = [:]
        var cases: [DifferentialCase] = []
        for vector in vectors("interpolation.json") {
            guard let name = vector["name"] as? String, let template = vector["template"] as? String else { continue }
            let environment = vector["env"] as? [String: String] ?? [:]
            if vector["error"] != nil {
                cases.append(
                    DifferentialCase(
                        name: "interpolation/" + name, origin: .conformance,
                        files: ["compose.yaml": project(models: [("llm", template)])], environment: environment))
            } else {
                let key = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                    separator: "\u{1}")
                batches[key, default: (environment, [])].templates.append((name, template))
            }
        }
        for (index, batch) in batches.sorted(by: { $0.key < $1.key }).enumerated() {
            // At most 12 templates a project, so a disagreement points at few of them.
            var start = 0
            while start < batch.value.templates.count {
                let slice = batch.value.templates[start..<min(start + 12, batch.value.templates.count)]
                let models = slice.enumerated().map { ("t\($0.offset)", $0.element.1) }
                cases.append(
                    DifferentialCase(
                        name: "interpolation/batch-\(index)-\(start / 12) (\(slice.map(\.0).joined(separator: ", ")))",
                        origin: .conformance, files: ["compose.yaml": project(models: models)],
                        environment: batch.value.environment,
                        // A template may give an empty string: an empty `model:` (MB401).
                        expectedDeviations: ["MB401"]))
                start += 12
            }
        }
        return cases
    }

    /// One service `app` binding every model; each model's `model:` is the given text, quoted.
    static func project(models: [(key: String, model: String)]) -> String {
        var text = "services:\n  app:\n    image: app\n    models:\n"
        for model in models { text += "      - \(model.key)\n" }
        text += "models:\n"
        for model in models { text += "  \(model.key):\n    model: \(quoted(model.model))\n" }
        return text
    }

    // MARK: dotenv.json

    /// Every env-file input as `.env` (or several `--env-file`s), with the lookup as the process
    /// environment; each key a `${...}` can name is read back through a model's `model:`.
    static func dotEnv() -> [DifferentialCase] {
        var cases: [DifferentialCase] = []
        for vector in vectors("dotenv.json") {
            guard let name = vector["name"] as? String else { continue }
            let inputs = (vector["inputs"] as? [String]) ?? (vector["input"] as? String).map { [$0] } ?? []
            var environment = vector["lookup"] as? [String: String] ?? [:]
            environment.merge(vector["preset_env"] as? [String: String] ?? [:]) { $1 }
            var keys = Set((vector["expected"] as? [String: String] ?? [:]).keys)
            keys.formUnion(environment.keys)
            let interpolatable = keys.filter(isInterpolationName).sorted()
            var files: [String: String] = [:]
            var arguments: [String] = []
            if inputs.count == 1 {
                files[".env"] = inputs[0]
            } else {
                for (index, input) in inputs.enumerated() {
                    files["\(index).env"] = input
                    arguments += ["--env-file", "\(index).env"]
                }
            }
            let models = interpolatable.enumerated().map { ("k\($0.offset)", "${\($0.element)}") }
            files["compose.yaml"] = project(models: models.isEmpty ? [("llm", "ai/smollm2")] : models)
            cases.append(
                DifferentialCase(
                    name: "dotenv/" + name, origin: .conformance, files: files, arguments: arguments,
                    environment: environment, expectedDeviations: ["MB401"]))
        }
        return cases
    }

    private static func isInterpolationName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }
}
