import Foundation
import ModelBind

/// A scratch directory with files, removed when the value is released by the test.
final class TemporaryProject {
    let directory: String

    init(_ files: [String: String] = [:]) throws {
        let base = FileManager.default.temporaryDirectory.path
        directory = base + "/modelbind-test-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (path, contents) in files {
            try write(path, contents)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func path(_ relative: String) -> String {
        directory + "/" + relative
    }

    func write(_ relative: String, _ contents: String) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// A loader that sees `environment` as the process environment and this directory as the current one.
    func loader(environment: [String: String] = [:], stdin: String = "") -> ProjectLoader {
        ProjectLoader(
            environment: environment,
            source: FileSource(currentDirectory: directory, readStandardInput: { Array(stdin.utf8) })
        )
    }

    func analyze(_ options: LoadOptions = LoadOptions(), environment: [String: String] = [:]) -> ProjectLoader.Result {
        loader(environment: environment).analyze(options)
    }
}
