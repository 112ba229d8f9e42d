import Foundation
import ModelBind

/// What modelbind does for `validate` and `env`, called as a library: load (discovery, `.env`,
/// interpolation, merge, profiles) and then the validation rules.
enum LibraryJob {
    /// A fixed, empty environment, so results do not depend on the shell the harness runs in.
    static let environment: [String: String] = [:]

    /// Counts that prove the work was done (and keep the optimiser from skipping it).
    struct Summary: Equatable {
        var models: Int
        var bindings: Int
        var diagnostics: Int
        var errors: Int

        /// Whether the job did the real work: the project loaded and nothing was an error (a
        /// workload that fails early would time the failure path).
        var loadedCleanly: Bool { models > 0 && errors == 0 }
    }

    /// `ProjectLoader.analyze` and then the validation rules, on one file: what `modelbind
    /// validate` does.
    static func loadAndValidate(_ path: String) -> Summary {
        let result = analyze(path)
        let loadErrors = result.diagnostics.filter { $0.severity == .error }.count
        guard let project = result.project else {
            return Summary(models: -1, bindings: -1, diagnostics: result.diagnostics.count, errors: max(loadErrors, 1))
        }
        let findings = result.diagnostics + ValidationStep.run(project)
        return Summary(
            models: project.models.count, bindings: project.bindings.count, diagnostics: findings.count,
            errors: findings.filter { $0.severity == .error }.count)
    }

    /// Loading alone, for ``unkeptCopy(of:)``: returns the number of findings.
    static func loadOnly(_ path: String) -> Int {
        analyze(path).diagnostics.count
    }

    /// The load every job here starts with: one file, the fixed environment.
    static func analyze(_ path: String) -> ProjectLoader.Result {
        ProjectLoader(environment: environment).analyze(LoadOptions(files: [path]))
    }

    /// A copy of a workload (in the temporary directory) with every top-level key prefixed `x-`:
    /// no model or service is read from it, so loading it times the YAML reader and the scan
    /// (interpolation and key checks).
    static func unkeptCopy(of path: String) throws -> String {
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) })
        else { fail("cannot read \(path)") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            guard let first = line.first, first.isLetter, !line.hasPrefix("x-") else { return line }
            return "x-" + line
        }
        let copy = NSTemporaryDirectory() + "/modelbind-bench-unkept.yaml"
        try lines.joined(separator: "\n").write(toFile: copy, atomically: true, encoding: .utf8)
        return copy
    }

    /// The loaded project, for the emission benchmark.
    static func project(_ path: String) throws -> ComposeProject {
        try ProjectLoader(environment: environment).load(LoadOptions(files: [path]))
    }

    /// `env --output DIR`'s work without the writes: the variables, then one dotenv file per service.
    static func emit(_ project: ComposeProject) throws -> Int {
        let environment = try BindingEnvironment(
            project: project, url: "http://model-runner.docker.internal/engines/v1/")
        let files = try EnvironmentFileSet(environment, format: .dotenv, sourceFiles: project.files)
        return files.files.reduce(0) { $0 + $1.contents.utf8.count }
    }
}
