// The job modelbind's loader does, written the way a Swift user would with Yams:
// `Yams.compose`, then walk the node tree, collect models and bindings, compute the variables.
//
//     yams-bindings FILE [RUNS]
//
// Times itself in-process (file read + compose + bindings) RUNS times and prints one JSON line:
// {"median_s": ..., "services": N, "models": M, "variables": V}. It lives in its own executable
// because Yams bundles its own copy of libyaml, which would otherwise interpose on the system
// libyaml that modelbind and the floor scan are measured with.
import Foundation
import Yams

let endpointURL = "http://model-runner.docker.internal/engines/v1/"

/// `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$VAR` against `environment`; enough for the workloads.
func interpolate(_ text: String, _ environment: [String: String]) -> String {
    guard text.contains("$") else { return text }
    var output = ""
    var rest = Substring(text)
    while let dollar = rest.firstIndex(of: "$") {
        output += rest[..<dollar]
        rest = rest[rest.index(after: dollar)...]
        if rest.first == "{", let close = rest.firstIndex(of: "}") {
            let body = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            let parts = body.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            var name = String(parts[0])
            if name.hasSuffix(":") { name.removeLast() }
            let fallback = parts.count > 1 ? String(parts[1]) : ""
            output += environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        } else {
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            rest = rest[name.endIndex...]
            output += environment[String(name)] ?? ""
        }
    }
    return output + rest
}

func defaultName(_ key: String, _ suffix: String) -> String {
    key.uppercased().replacingOccurrences(of: "-", with: "_") + suffix
}

struct Failure: Error, CustomStringConvertible {
    var description: String
}

/// Models (key -> model) and, per service with bindings, its variables sorted by name.
func bindings(path: String, environment: [String: String]) throws -> (
    models: Int, services: [String: [(String, String)]]
) {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let root = try Yams.compose(yaml: text), let top = root.mapping else {
        throw Failure(description: "\(path): not a mapping")
    }
    var models: [String: String] = [:]
    for (key, spec) in top["models"]?.mapping ?? [:] {
        guard let name = key.string, let model = spec.mapping?["model"]?.string else {
            throw Failure(description: "model without `model:`")
        }
        models[name] = interpolate(model, environment)
    }
    var services: [String: [(String, String)]] = [:]
    for (key, spec) in top["services"]?.mapping ?? [:] {
        guard let service = key.string, let used = spec.mapping?["models"] else { continue }
        var pairs: [(key: String, options: Node.Mapping?)] = []
        if let list = used.sequence {
            pairs = list.compactMap { $0.string.map { (key: $0, options: nil) } }
        } else if let map = used.mapping {
            pairs = map.compactMap { entry in entry.key.string.map { (key: $0, options: entry.value.mapping) } }
        }
        var variables: [String: String] = [:]
        for (modelKey, options) in pairs {
            guard let model = models[modelKey] else {
                throw Failure(description: "service \(service): undefined model \(modelKey)")
            }
            variables[options?["endpoint_var"]?.string ?? defaultName(modelKey, "_URL")] = endpointURL
            variables[options?["model_var"]?.string ?? defaultName(modelKey, "_MODEL")] = model
        }
        if !variables.isEmpty {
            services[service] = variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }
    return (models.count, services)
}

let arguments = CommandLine.arguments
guard arguments.count == 2 || arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: yams-bindings FILE [RUNS]\n".utf8))
    exit(64)
}
let runs = arguments.count == 3 ? max(1, Int(arguments[2]) ?? 5) : 5
let environment = ProcessInfo.processInfo.environment
var times: [Double] = []
var last: (models: Int, services: [String: [(String, String)]]) = (0, [:])
do {
    for _ in 0..<runs {
        let start = ContinuousClock.now
        last = try bindings(path: arguments[1], environment: environment)
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
} catch {
    FileHandle.standardError.write(Data("yams-bindings: \(error)\n".utf8))
    exit(1)
}
let sorted = times.sorted()
let median =
    sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
let variables = last.services.values.reduce(0) { $0 + $1.count }
print(
    "{\"median_s\": \(median), \"runs\": \(times), \"services\": \(last.services.count), \"models\": \(last.models), \"variables\": \(variables)}"
)
