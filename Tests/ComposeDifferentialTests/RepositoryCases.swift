import Foundation

/// Cases made from what the repository already holds: the project fixtures under Tests, the
/// examples, the compose-for-agents corpus and the examples of docs/rules.md.
enum RepositoryCases {
    static let fixtures = Tools.packageRoot + "/Tests/ModelBindTests/Fixtures"

    /// Every directory under Tests/ModelBindTests/Fixtures/validation holding a compose file, and
    /// examples/quickstart: each loaded as it is, by discovery.
    static func projectFixtures() -> [DifferentialCase] {
        var cases: [DifferentialCase] = []
        let base = fixtures + "/validation"
        let enumerator = FileManager.default.enumerator(atPath: base)
        var directories: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if (path as NSString).lastPathComponent == "compose.yaml" {
                directories.append((path as NSString).deletingLastPathComponent)
            }
        }
        for directory in directories.sorted() {
            cases.append(
                DifferentialCase(
                    name: "validation/" + directory, origin: .fixture, directory: base + "/" + directory,
                    expectedDeviations: nil))
        }
        cases.append(
            DifferentialCase(
                name: "examples/quickstart", origin: .fixture, directory: Tools.packageRoot + "/examples/quickstart",
                expectedDeviations: nil))
        return cases
    }

    /// Every file of each corpus project alone, and each base file (`compose.yaml` / `compose.yml`)
    /// with every other file of its directory.
    static func corpus() -> [DifferentialCase] {
        let root = fixtures + "/corpus/compose-for-agents"
        let projects = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        var cases: [DifferentialCase] = []
        for project in projects {
            let directory = root + "/" + project
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
                $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
            }.sorted()
            let base = files.first { $0 == "compose.yaml" || $0 == "compose.yml" }
            for file in files {
                cases.append(
                    DifferentialCase(
                        name: "\(project)/\(file)", origin: .corpus, directory: directory, arguments: ["-f", file],
                        expectedDeviations: nil))
            }
            if let base {
                for other in files where other != base {
                    cases.append(
                        DifferentialCase(
                            name: "\(project)/\(base)+\(other)", origin: .corpus, directory: directory,
                            arguments: ["-f", base, "-f", other], expectedDeviations: nil))
                }
            }
        }
        return cases
    }

    /// The tagged examples of docs/rules.md (```yaml failing MBnnn / passing MBnnn), with `# file:`
    /// lines starting further files, as ValidationRulesDocumentationTests reads them.
    static func rulesDocumentation() -> [DifferentialCase] {
        guard let text = try? String(contentsOfFile: Tools.packageRoot + "/docs/rules.md", encoding: .utf8) else {
            return []
        }
        var cases: [DifferentialCase] = []
        var current: (tag: String, lines: [String])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let block = current {
                if line == "```" {
                    var files: [String: String] = [:]
                    var name = "compose.yaml"
                    var body: [String] = []
                    for item in block.lines {
                        if item.hasPrefix("# file: ") {
                            files[name] = body.joined(separator: "\n") + "\n"
                            name = String(item.dropFirst("# file: ".count))
                            body = []
                        } else {
                            body.append(item)
                        }
                    }
                    files[name] = body.joined(separator: "\n") + "\n"
                    cases.append(
                        DifferentialCase(
                            name: block.tag.replacingOccurrences(of: " ", with: "-"), origin: .rulesDocumentation,
                            files: files, expectedDeviations: nil))
                    current = nil
                } else {
                    current?.lines.append(String(line))
                }
            } else if line.hasPrefix("```yaml failing ") || line.hasPrefix("```yaml passing ") {
                current = (String(line.dropFirst("```yaml ".count)), [])
            }
        }
        // Unique names: a rule may have several examples of one kind.
        var seen: [String: Int] = [:]
        return cases.map { item in
            var item = item
            let count = seen[item.name, default: 0]
            seen[item.name] = count + 1
            if count > 0 { item.name += "-\(count + 1)" }
            return item
        }
    }
}
