import Foundation
@_spi(Testing) import ComposeLoading
import ModelBind

/// libFuzzer entry: load a generated project directory and render its bindings.
///
/// The input is split at lines `%%` into up to three files written to a temporary directory:
/// `compose.yaml`, `compose.override.yaml` and `.env`. The project is loaded with discovery (as
/// `modelbind config` run in that directory does), and when it loads, its bindings are rendered in
/// every env format and as a wrapped compose file. Invariants beyond "no crash": a dotenv file
/// rendered for a service parses back to exactly its variables, and `config`'s YAML loads back to the
/// same models and bindings of its active services.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parts = split(bytes)
    let names = ["compose.yaml", "compose.override.yaml", ".env"]
    for (index, name) in names.enumerated() {
        let path = workDirectory + "/" + name
        if index < parts.count {
            _ = FileManager.default.createFile(atPath: path, contents: Data(parts[index]))
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
    let loader = ProjectLoader(
        environment: ["HOME": "/nonexistent", "FROM_PROCESS": "process value"],
        source: FileSource(currentDirectory: workDirectory, readStandardInput: { [] })
    )
    let result = loader.analyze(LoadOptions())
    if let project = result.project, !result.hasErrors { checkConfigRoundTrip(project) }
    for diagnostic in result.diagnostics { _ = "\(diagnostic.location.map { "\($0)" } ?? ""): \(diagnostic.message)" }
    guard let project = result.project, !result.hasErrors else { return 0 }
    guard let environment = try? BindingEnvironment(project: project, url: "http://runner:12434/engines/v1/") else {
        return 0
    }
    for format in EnvironmentFormat.allCases {
        _ = try? EnvironmentRenderer.render(environment, format: format, sourceFiles: project.files)
    }
    for service in environment.services {
        guard let text = try? EnvironmentRenderer.render(service, format: .dotenv, sourceFiles: project.files) else {
            continue
        }
        let reread: [(key: String, value: String)]
        do {
            reread = try DotEnv.parse(text)
        } catch {
            preconditionFailure("rendered dotenv for \(service.name) does not parse: \(error)\n\(text)")
        }
        let expected = service.variables.map { "\($0.name)=\($0.value)" }
        precondition(reread.map { "\($0.key)=\($0.value)" } == expected, "dotenv round trip differs:\n\(text)")
    }
    for addHostGateway in [false, true] {
        _ = try? ComposeWrapper(addHostGateway: addHostGateway).yaml(for: project, environment: environment)
    }
    return 0
}

/// `config`'s output, loaded as a project of its own, has the same models and the same bindings of
/// active services (every `$` is written `$$`, so values come back as they were).
private func checkConfigRoundTrip(_ project: ComposeProject) {
    guard let text = try? ComposeDocumentWriter.configuration(of: project) else { return }
    let path = workDirectory + "/config/config.yaml"
    try? FileManager.default.createDirectory(atPath: workDirectory + "/config", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    let reloaded = ProjectLoader(environment: [:], source: FileSource(currentDirectory: workDirectory + "/config"))
        .analyze(LoadOptions(files: ["config.yaml"]))
    guard let again = reloaded.project, !reloaded.hasErrors else {
        preconditionFailure("config output does not load: \(reloaded.diagnostics)\n\(text)")
    }
    func models(_ project: ComposeProject) -> [String] {
        project.activeModels.map { "\($0.key)|\($0.model)|\($0.name ?? "-")|\($0.contextSize ?? 0)|\($0.runtimeFlags)" }
    }
    func bindings(_ project: ComposeProject) -> [String] {
        project.activeBindings.map { "\($0.service)|\($0.modelKey)|\($0.endpointVariable)|\($0.modelVariable)" }
    }
    precondition(models(again) == models(project), "config round trip changed the models:\n\(text)")
    precondition(bindings(again) == bindings(project), "config round trip changed the bindings:\n\(text)")
}

/// A fresh directory for this process, made once.
private let workDirectory: String = {
    let path = NSTemporaryDirectory() + "modelbind-fuzz-loader-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

/// The input cut at every line that is exactly `%%` (at most three parts).
private func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    let separator = Array("\n%%\n".utf8)
    var parts: [ArraySlice<UInt8>] = []
    var start = 0
    var index = 0
    while index + separator.count <= bytes.count, parts.count < 2 {
        if bytes[index..<index + separator.count].elementsEqual(separator) {
            parts.append(bytes[start...index])
            index += separator.count
            start = index
        } else {
            index += 1
        }
    }
    parts.append(bytes[start...])
    return parts
}
