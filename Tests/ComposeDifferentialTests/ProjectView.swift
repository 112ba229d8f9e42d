import Foundation
import YAML

/// What both programs say about a loaded project, in one comparable shape.
struct ProjectView: Equatable, Sendable {
    struct Model: Equatable, Sendable, CustomStringConvertible {
        var model: String
        /// nil when absent or empty (Compose's `config` omits empty fields).
        var name: String?
        /// nil when absent or 0 (Compose's `config` omits a zero; neither passes one to the runner).
        var contextSize: Int?
        var runtimeFlags: [String]

        var description: String {
            "{model: \(model.debugDescription)"
                + (name.map { ", name: \($0.debugDescription)" } ?? "")
                + (contextSize.map { ", context_size: \($0)" } ?? "")
                + (runtimeFlags.isEmpty ? "" : ", runtime_flags: \(runtimeFlags)") + "}"
        }
    }

    struct Binding: Equatable, Sendable, CustomStringConvertible {
        var endpointVariable: String
        var modelVariable: String

        var description: String { "\(endpointVariable.debugDescription)/\(modelVariable.debugDescription)" }
    }

    var name: String
    var models: [String: Model]
    /// Active service → its bindings by model key.
    var services: [String: [String: Binding]]
}

/// Compose's naming of the injected variables: the key upper-cased rune by rune, `-` → `_`.
enum ComposeNaming {
    static func prefix(_ key: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in key.unicodeScalars {
            if scalar == "-" {
                out.append("_")
            } else if scalar.isASCII {
                out.append(contentsOf: String(scalar).uppercased().unicodeScalars)
            } else {
                let upper = scalar.properties.uppercaseMapping.unicodeScalars
                if upper.count == 1, let single = upper.first { out.append(single) } else { out.append(scalar) }
            }
        }
        return String(out)
    }
}

enum ViewError: Error, CustomStringConvertible {
    case unreadable(String)
    var description: String {
        switch self {
        case .unreadable(let text): text
        }
    }
}

extension ProjectView {
    /// The project `docker compose config` printed (YAML), with its `$$` turned back into `$`.
    init(composeConfig text: String) throws {
        let document: YAMLDocument
        do {
            document = try YAMLReader.read(text, path: "compose config")
        } catch {
            throw ViewError.unreadable("compose config output is not YAML: \(error)")
        }
        guard let root = document.root, document.kind(of: root) == .mapping else {
            throw ViewError.unreadable("compose config output is not a mapping")
        }
        func string(_ node: YAMLNodeID) -> String { Self.undoubled(document.text(of: node)) }
        name = document.lookup("name", in: root).map(string) ?? ""
        models = [:]
        if let node = document.lookup("models", in: root), document.kind(of: node) == .mapping {
            for (key, value) in document.entries(of: node) {
                var model = Model(model: "", name: nil, contextSize: nil, runtimeFlags: [])
                if document.kind(of: value) == .mapping {
                    if let field = document.lookup("model", in: value) { model.model = string(field) }
                    if let field = document.lookup("name", in: value) {
                        let text = string(field)
                        model.name = text.isEmpty ? nil : text
                    }
                    if let field = document.lookup("context_size", in: value),
                        case .int(let size) = document.value(of: field)
                    {
                        model.contextSize = size == 0 ? nil : Int(size)
                    }
                    if let field = document.lookup("runtime_flags", in: value), document.kind(of: field) == .sequence {
                        model.runtimeFlags = document.items(of: field).map(string)
                    }
                }
                models[document.text(of: key)] = model
            }
        }
        services = [:]
        if let node = document.lookup("services", in: root), document.kind(of: node) == .mapping {
            for (key, value) in document.entries(of: node) {
                var bindings: [String: Binding] = [:]
                if document.kind(of: value) == .mapping, let list = document.lookup("models", in: value) {
                    var entries: [(String, YAMLNodeID?)] = []
                    switch document.kind(of: list) {
                    case .mapping: entries = document.entries(of: list).map { (document.text(of: $0.key), $0.value) }
                    case .sequence: entries = document.items(of: list).map { (document.text(of: $0), nil) }
                    case .scalar: break
                    }
                    for (modelKey, binding) in entries {
                        var endpoint = ""
                        var model = ""
                        if let binding, document.kind(of: binding) == .mapping {
                            endpoint = document.lookup("endpoint_var", in: binding).map(string) ?? ""
                            model = document.lookup("model_var", in: binding).map(string) ?? ""
                        }
                        let prefix = ComposeNaming.prefix(modelKey)
                        bindings[modelKey] = Binding(
                            endpointVariable: endpoint.isEmpty ? prefix + "_URL" : endpoint,
                            modelVariable: model.isEmpty ? prefix + "_MODEL" : model)
                    }
                }
                services[document.text(of: key)] = bindings
            }
        }
    }

    /// `modelbind config --format json` (ARCHITECTURE.md's contract).
    init(modelbindConfig text: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw ViewError.unreadable("modelbind config output is not a JSON object:\n\(text)")
        }
        name = object["name"] as? String ?? ""
        models = [:]
        for (key, value) in object["models"] as? [String: Any] ?? [:] {
            let fields = value as? [String: Any] ?? [:]
            let name = fields["name"] as? String
            let size = fields["context_size"] as? Int
            models[key] = Model(
                model: fields["model"] as? String ?? "", name: name?.isEmpty == true ? nil : name,
                contextSize: size == 0 ? nil : size, runtimeFlags: fields["runtime_flags"] as? [String] ?? [])
        }
        services = [:]
        for (service, value) in object["services"] as? [String: Any] ?? [:] {
            var bindings: [String: Binding] = [:]
            let fields = value as? [String: Any] ?? [:]
            for (key, binding) in fields["models"] as? [String: Any] ?? [:] {
                let names = binding as? [String: Any] ?? [:]
                bindings[key] = Binding(
                    endpointVariable: names["endpoint_var"] as? String ?? "",
                    modelVariable: names["model_var"] as? String ?? "")
            }
            services[service] = bindings
        }
    }

    /// Compose's `config` writes every `$` of a value as `$$`.
    static func undoubled(_ text: String) -> String {
        text.replacingOccurrences(of: "$$", with: "$")
    }
}

/// modelbind's `validate --format json` report.
struct ValidationView: Sendable {
    struct Finding: Sendable, CustomStringConvertible {
        var code: String
        var severity: String
        var message: String
        var hint: String?
        var file: String?
        var line: Int?
        var column: Int?

        var description: String {
            let place = file.map { "\($0):\(line ?? 0):\(column ?? 0): " } ?? ""
            return "\(place)\(severity): \(message) [\(code)]"
        }
    }

    var valid: Bool
    var findings: [Finding]

    var errors: [Finding] { findings.filter { $0.severity == "error" } }

    init(_ text: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw ViewError.unreadable("modelbind validate output is not a JSON object:\n\(text)")
        }
        valid = object["valid"] as? Bool ?? false
        findings = (object["diagnostics"] as? [[String: Any]] ?? []).map { item in
            Finding(
                code: item["code"] as? String ?? "", severity: item["severity"] as? String ?? "",
                message: item["message"] as? String ?? "", hint: item["hint"] as? String,
                file: item["file"] as? String, line: item["line"] as? Int, column: item["column"] as? Int)
        }
    }
}

/// `modelbind env --format json`: service → variable → value.
func environmentView(modelbindEnv text: String) throws -> [String: [String: String]] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
        let services = object["services"] as? [String: [String: String]]
    else {
        throw ViewError.unreadable("modelbind env output is not {\"services\": {...}}:\n\(text)")
    }
    return services
}

/// The codes of the findings in modelbind's human diagnostics (`... [MB303]`).
func diagnosticCodes(inHumanOutput text: String) -> Set<String> {
    var codes: Set<String> = []
    for line in text.split(separator: "\n") where line.contains(": error: ") || line.hasPrefix("error: ") {
        if let open = line.lastIndex(of: "["), line.hasSuffix("]") {
            codes.insert(String(line[line.index(after: open)..<line.index(before: line.endIndex)]))
        }
    }
    return codes
}
