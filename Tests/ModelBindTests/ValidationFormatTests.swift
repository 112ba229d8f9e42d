import Foundation
import Testing

@testable import ComposeLoading
@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind

/// The exact output of every format on one multi-finding fixture, plus the formats' edge cases.
@Suite struct ValidationFormatTests {
    static let directory = ValidationRuleTests.root + "/formats"

    static func report() -> ValidationReport {
        let loader = ProjectLoader(environment: [:], source: FileSource(currentDirectory: directory))
        return ValidationRun.run(loader: loader, load: LoadOptions(), options: ValidationOptions())
    }

    static func render(_ format: ValidationFormat, _ report: ValidationReport = report(), color: Bool = false) throws
        -> String
    {
        let directory = Self.directory
        return try format.render(report, color: color, toolVersion: "0.1.0") { file, line in
            SourceLines.read(directory + "/" + file, line)
        }
    }

    @Test func human() throws {
        let expected = """
            compose.yaml:5:7: warning: service "app" sets LLM_URL in `environment:`, but the binding of "llm" overwrites it [MB304]
                      LLM_URL: http://localhost:8080/v1/
                      ^
              hint: Compose replaces this value silently; remove it, or set `endpoint_var` to another name.
            compose.yaml:9:23: error: service "app": the bindings of "llm" and "coder" both set LLM_URL [MB303]
                        endpoint_var: LLM_URL
                                      ^
              hint: Give one of them its own `endpoint_var`; Compose would pick a random winner.
            compose.yaml:13:31: error: runtime flag value "-1" is a separate element; the runner reads it as a flag and rejects it [MB503]
                    runtime_flags: ["--seed", "-1"]
                                              ^
              hint: Attach it to its flag as one element: "--seed=-1".
            compose.yaml:15:12: warning: `model` of "coder" has upper-case letters in "ai/Qwen2.5-coder"; the runner lower-cases it to "ai/qwen2.5-coder" [MB402]
                    model: ai/Qwen2.5-coder
                           ^
              hint: Write it in lower case: `model: ai/qwen2.5-coder` (the tag may keep its case).
            2 errors, 2 warnings

            """
        #expect(try Self.render(.human) == expected)
    }

    @Test func humanColorOnlyWhenAsked() throws {
        #expect(try !Self.render(.human).contains("\u{1B}["))
        #expect(try Self.render(.human, color: true).contains("\u{1B}[1;31merror\u{1B}[0m"))
        #expect(try Self.render(.human, ValidationReport(diagnostics: [])) == "no problems found\n")
    }

    @Test func json() throws {
        let expected = """
            {
              "diagnostics" : [
                {
                  "code" : "MB304",
                  "column" : 7,
                  "file" : "compose.yaml",
                  "hint" : "Compose replaces this value silently; remove it, or set `endpoint_var` to another name.",
                  "line" : 5,
                  "message" : "service \\"app\\" sets LLM_URL in `environment:`, but the binding of \\"llm\\" overwrites it",
                  "severity" : "warning"
                },
                {
                  "code" : "MB303",
                  "column" : 23,
                  "file" : "compose.yaml",
                  "hint" : "Give one of them its own `endpoint_var`; Compose would pick a random winner.",
                  "line" : 9,
                  "message" : "service \\"app\\": the bindings of \\"llm\\" and \\"coder\\" both set LLM_URL",
                  "severity" : "error"
                },
                {
                  "code" : "MB503",
                  "column" : 31,
                  "file" : "compose.yaml",
                  "hint" : "Attach it to its flag as one element: \\"--seed=-1\\".",
                  "line" : 13,
                  "message" : "runtime flag value \\"-1\\" is a separate element; the runner reads it as a flag and rejects it",
                  "severity" : "error"
                },
                {
                  "code" : "MB402",
                  "column" : 12,
                  "file" : "compose.yaml",
                  "hint" : "Write it in lower case: `model: ai/qwen2.5-coder` (the tag may keep its case).",
                  "line" : 15,
                  "message" : "`model` of \\"coder\\" has upper-case letters in \\"ai/Qwen2.5-coder\\"; the runner lower-cases it to \\"ai/qwen2.5-coder\\"",
                  "severity" : "warning"
                }
              ],
              "errors" : 2,
              "valid" : false,
              "warnings" : 2
            }

            """
        #expect(try Self.render(.json) == expected)
    }

    @Test func jsonOmitsPositionAndHintWhenAbsent() throws {
        let report = ValidationReport(diagnostics: [.warning("MB004", "found several compose files")])
        let expected = """
            {
              "diagnostics" : [
                {
                  "code" : "MB004",
                  "message" : "found several compose files",
                  "severity" : "warning"
                }
              ],
              "errors" : 0,
              "valid" : true,
              "warnings" : 1
            }

            """
        #expect(try Self.render(.json, report) == expected)
    }

    @Test func github() throws {
        let expected = """
            ::warning file=compose.yaml,line=5,col=7,title=MB304 environment-overwritten::service "app" sets LLM_URL in `environment:`, but the binding of "llm" overwrites it%0Ahint: Compose replaces this value silently; remove it, or set `endpoint_var` to another name.
            ::error file=compose.yaml,line=9,col=23,title=MB303 variable-collision::service "app": the bindings of "llm" and "coder" both set LLM_URL%0Ahint: Give one of them its own `endpoint_var`; Compose would pick a random winner.
            ::error file=compose.yaml,line=13,col=31,title=MB503 runtime-flag-negative-value::runtime flag value "-1" is a separate element; the runner reads it as a flag and rejects it%0Ahint: Attach it to its flag as one element: "--seed=-1".
            ::warning file=compose.yaml,line=15,col=12,title=MB402 uppercase-repository::`model` of "coder" has upper-case letters in "ai/Qwen2.5-coder"; the runner lower-cases it to "ai/qwen2.5-coder"%0Ahint: Write it in lower case: `model: ai/qwen2.5-coder` (the tag may keep its case).

            """
        #expect(try Self.render(.github) == expected)
    }

    @Test func githubEscapesDataAndProperties() throws {
        let report = ValidationReport(diagnostics: [
            .error(
                "MB002", "100% broken\r\nsecond line", at: SourceLocation(file: "dir,a/c:d.yaml", line: 2, column: 3)),
            .error("MB004", "no compose file found"),
        ])
        let expected = """
            ::error title=MB004 file::no compose file found
            ::error file=dir%2Ca/c%3Ad.yaml,line=2,col=3,title=MB002 interpolation::100%25 broken%0D%0Asecond line

            """
        #expect(try Self.render(.github, report) == expected)
    }

    @Test func sarifMatchesTheGoldenFile() throws {
        let data = try #require(FileManager.default.contents(atPath: Self.directory + "/expected.sarif.json"))
        #expect(try Self.render(.sarif) == String(decoding: data, as: UTF8.self))
    }

    @Test func sarifHasTheFieldsTheSchemaRequires() throws {
        let report = Self.report()
        var withUnlocated = report.diagnostics
        withUnlocated.append(.error("MB004", "no compose file found"))
        for sample in [report, ValidationReport(diagnostics: withUnlocated, files: ["compose.yaml"])] {
            let problems = SARIFSchemaCheck.problems(in: try Self.render(.sarif, sample))
            #expect(problems == [])
        }
    }

    @Test func sarifPlacesUnlocatedFindingsAtTheFirstFile() throws {
        let report = ValidationReport(
            diagnostics: [.error("MB004", "cannot read x")], files: ["a b/compose.yaml", "b.yaml"])
        let text = try SARIFFormatter(toolVersion: "1.0").render(report)
        #expect(text.contains("\"uri\" : \"a%20b/compose.yaml\""))
        #expect(text.contains("\"startLine\" : 1"))
        #expect(text.contains("\"ruleIndex\" : 3"))
    }

    @Test func sarifAbsolutePathsAreFileURIs() {
        let location = SARIFFormatter.artifactLocation(for: "/tmp/x y/compose.yaml")
        #expect(location.uri == "file:///tmp/x%20y/compose.yaml")
        #expect(location.uriBaseId == nil)
        #expect(SARIFFormatter.artifactLocation(for: "./compose.yaml").uri == "compose.yaml")
    }

    @Test func sarifHelpURIsPointAtTheRuleAnchors() throws {
        let formatter = SARIFFormatter(toolVersion: "1.0", rulesDocumentationURL: "https://example.com/docs/rules.md")
        let text = try formatter.render(ValidationReport(diagnostics: []))
        #expect(text.contains("\"helpUri\" : \"https://example.com/docs/rules.md#mb201-undefined-model\""))
    }
}

/// Checks a SARIF log against the properties the SARIF 2.1.0 schema (and GitHub code scanning) require.
enum SARIFSchemaCheck {
    static func problems(in text: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)), let log = object as? [String: Any]
        else { return ["not a JSON object"] }
        var problems: [String] = []
        if log["version"] as? String != "2.1.0" { problems.append("version must be 2.1.0") }
        if log["$schema"] as? String != SARIFFormatter.schemaURI { problems.append("$schema") }
        guard let runs = log["runs"] as? [[String: Any]], !runs.isEmpty else {
            return problems + ["runs must be a non-empty array"]
        }
        for run in runs {
            guard let tool = run["tool"] as? [String: Any], let driver = tool["driver"] as? [String: Any],
                let name = driver["name"] as? String, !name.isEmpty
            else {
                problems.append("runs[].tool.driver.name is required")
                continue
            }
            let rules = driver["rules"] as? [[String: Any]] ?? []
            let ids = rules.compactMap { $0["id"] as? String }
            if ids.count != rules.count { problems.append("every rule needs an id") }
            for rule in rules {
                let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
                if let level, !["none", "note", "warning", "error"].contains(level) {
                    problems.append("rule level \(level)")
                }
            }
            guard let results = run["results"] as? [[String: Any]] else {
                problems.append("runs[].results must be an array")
                continue
            }
            for (index, result) in results.enumerated() {
                let prefix = "results[\(index)]"
                guard let message = result["message"] as? [String: Any], let text = message["text"] as? String,
                    !text.isEmpty
                else {
                    problems.append("\(prefix).message.text is required")
                    continue
                }
                guard let ruleId = result["ruleId"] as? String, ids.contains(ruleId) else {
                    problems.append("\(prefix).ruleId must name a rule of the driver")
                    continue
                }
                if let ruleIndex = result["ruleIndex"] as? Int,
                    !(ids.indices.contains(ruleIndex) && ids[ruleIndex] == ruleId)
                {
                    problems.append("\(prefix).ruleIndex does not point at \(ruleId)")
                }
                if let level = result["level"] as? String, !["none", "note", "warning", "error"].contains(level) {
                    problems.append("\(prefix).level \(level)")
                }
                guard let locations = result["locations"] as? [[String: Any]], let first = locations.first,
                    let physical = first["physicalLocation"] as? [String: Any],
                    let artifact = physical["artifactLocation"] as? [String: Any],
                    let uri = artifact["uri"] as? String, !uri.isEmpty, URL(string: uri) != nil,
                    let region = physical["region"] as? [String: Any],
                    let startLine = region["startLine"] as? Int, startLine >= 1
                else {
                    problems.append(
                        "\(prefix) needs locations[0].physicalLocation with artifactLocation.uri and region.startLine >= 1"
                    )
                    continue
                }
                if let startColumn = region["startColumn"] as? Int, startColumn < 1 {
                    problems.append("\(prefix) startColumn")
                }
            }
        }
        return problems
    }
}
