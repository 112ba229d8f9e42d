import Foundation

/// One project both programs load: files (written to a scratch directory) or a directory in the
/// repository, Compose's global options, and the process environment.
struct DifferentialCase: Sendable, CustomStringConvertible {
    enum Origin: String, Sendable {
        case fixture
        case rulesDocumentation = "rules.md"
        case conformance, corpus, generated, deviation
    }

    var name: String
    var origin: Origin
    /// A directory to run in as it is; nil: a scratch directory holding `files`.
    var directory: String?
    /// Relative path → contents, written before the run (with `directory` nil).
    var files: [String: String] = [:]
    /// Compose's global options, given to `docker compose` before the command and to modelbind after it:
    /// `-f`, `--env-file`, `--profile`, `-p`, `--all-resources`, `--project-directory`.
    var arguments: [String] = []
    /// Variables set in both programs' environments.
    var environment: [String: String] = [:]
    /// The codes of modelbind's documented deviations this case may show (empty: none; nil: any
    /// documented one, for inputs not written for this suite).
    var expectedDeviations: Set<String>? = []
    /// Whether the case is written to show one of them (modelbind accepting it is then a failure).
    var mustDeviate = false

    var description: String {
        var text = "\(origin.rawValue) case \(name)"
        if !arguments.isEmpty { text += " [\(arguments.joined(separator: " "))]" }
        if !environment.isEmpty {
            text +=
                " env {\(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))}"
        }
        return text
    }

    /// The files as text, for failure messages of generated cases.
    var listing: String {
        files.sorted { $0.key < $1.key }.map { "--- \($0.key)\n\($0.value)" }.joined(separator: "\n")
    }
}

/// The documented deviations (docs/compose-compatibility.md): the codes with which modelbind may
/// refuse what Compose accepts.
enum DocumentedDeviation {
    /// MB106 unusable or `x-` model keys; MB301 explicit variable names no env file can hold; MB303 two
    /// bindings writing one variable; MB401 model references DMR cannot parse, the empty one included;
    /// MB501–MB503 and MB506 runtime flags DMR refuses.
    static let codes: Set<String> = ["MB106", "MB301", "MB303", "MB401", "MB501", "MB502", "MB503", "MB506"]
}
