import Foundation
import Testing

@testable import ComposeLoading
@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind
@testable import RunnerEndpoints

/// A compose example from docs/rules.md: a block tagged `yaml failing MBnnn` or `yaml passing MBnnn`.
struct DocumentedExample: Sendable, CustomTestStringConvertible {
    var code: String
    var failing: Bool
    /// File name → contents; `# file: NAME` lines inside the block start a new file.
    var files: [String: String]

    var testDescription: String { "\(code) \(failing ? "failing" : "passing")" }

    /// Every tagged block of `markdown`, in order.
    static func parse(_ markdown: String) -> [DocumentedExample] {
        var examples: [DocumentedExample] = []
        var current: DocumentedExample?
        var file = "compose.yaml"
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if var example = current {
                if line == "```" {
                    examples.append(example)
                    current = nil
                } else if line.hasPrefix("# file: ") {
                    file = String(line.dropFirst("# file: ".count))
                    example.files[file] = ""
                    current = example
                } else {
                    example.files[file, default: ""] += line + "\n"
                    current = example
                }
                continue
            }
            let words = line.split(separator: " ")
            if words.count == 3, words[0] == "```yaml", words[1] == "failing" || words[1] == "passing" {
                current = DocumentedExample(code: String(words[2]), failing: words[1] == "failing", files: [:])
                file = "compose.yaml"
            }
        }
        return examples
    }
}

/// Every example in docs/rules.md does what the documentation says.
@Suite struct ValidationRulesDocumentationTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/rules.md").path

    static let examples: [DocumentedExample] = {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return DocumentedExample.parse(String(decoding: data, as: UTF8.self))
    }()

    @Test func everyRuleIsDocumentedWithOneFailingAndOnePassingExample() {
        for rule in Rule.all {
            let examples = Self.examples.filter { $0.code == rule.code }
            #expect(examples.filter(\.failing).count == 1, "\(rule.code) failing example")
            #expect(examples.filter { !$0.failing }.count == 1, "\(rule.code) passing example")
        }
        #expect(Self.examples.count == Rule.all.count * 2)
    }

    @Test func everyRuleHasASection() throws {
        let text = String(decoding: try #require(FileManager.default.contents(atPath: Self.path)), as: UTF8.self)
        for rule in Rule.all {
            #expect(text.contains("\n## \(rule.code) \(rule.name)\n"), "section for \(rule.code)")
            #expect(text.contains("Severity: **\(rule.severity.rawValue)**"), "severity of \(rule.code)")
        }
    }

    @Test(arguments: examples)
    func exampleBehavesAsDocumented(_ example: DocumentedExample) throws {
        let project = try TemporaryProject(example.files)
        let endpoint =
            example.code == Rule.missingExtraHosts.code ? EndpointOptions(target: .container, platform: .engine) : nil
        let report = ValidationRun.run(
            loader: project.loader(),
            load: LoadOptions(),
            options: ValidationOptions(endpoint: endpoint)
        )
        if example.failing {
            #expect(!report.diagnostics.isEmpty)
            #expect(Set(report.diagnostics.map(\.code)) == [example.code], "\(report.diagnostics)")
        } else {
            #expect(report.diagnostics == [], "\(report.diagnostics)")
        }
    }
}
