import Foundation
import Testing
import YAML

@testable import BindingOutput
@testable import ComposeLoading
@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind
@testable import ModelRunnerClient
@testable import YAML

/// compose-go's `override.Merge` vectors for models (merge-models.json).
@Suite struct MergeConformanceTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var base: String
        var override: String
        var expected: String
        var disabledInUpstream: Bool?
        var actualExpected: String?

        enum CodingKeys: String, CodingKey {
            case name, base, override, expected
            case disabledInUpstream = "disabled_in_upstream"
            case actualExpected = "actual_expected"
        }

        var testDescription: String { name }
    }

    struct File: Decodable {
        var cases: [Case]
    }

    static let cases = FixtureLoader.cases(File.self, from: "merge-models") { $0.cases }

    @Test func vectorsDecode() throws {
        #expect(try FixtureLoader.decode(File.self, from: "merge-models").cases.count >= 5)
    }

    @Test(arguments: cases)
    func mergeMatchesComposeGo(_ vector: Case) throws {
        let merged = ComposeMerge.merge(
            try Self.parse(vector.base, "base.yaml"), try Self.parse(vector.override, "override.yaml"))
        // Disabled upstream cases record what compose-go's code does (concatenation), which we follow.
        let expected = try Self.parse(vector.actualExpected ?? vector.expected, "expected.yaml")
        #expect(Canonical(LoadSession.stripMergeTags(merged)) == Canonical(expected))
    }

    static func parse(_ text: String, _ path: String) throws -> ComposeNode {
        let document = try YAMLReader.read(text, path: path)
        var parser = ComposeFileParser(lookup: { _ in nil })
        return parser.node(document, try #require(document.root), file: path)
    }
}

/// A compose tree compared as compose-go's tests compare decoded YAML: mappings without regard
/// to key order, sequences in order, scalars by kind and text.
enum Canonical: Equatable, CustomStringConvertible {
    case null
    case scalar(ComposeScalar.Kind, String)
    case sequence([Canonical])
    case mapping([String: Canonical])

    init(_ node: ComposeNode) {
        switch node.content {
        case .scalar(let scalar):
            self = scalar.kind == .null ? .null : .scalar(scalar.kind, scalar.text)
        case .sequence(let items):
            self = .sequence(items.map(Canonical.init))
        case .mapping(let entries):
            self = .mapping(
                Dictionary(entries.map { ($0.key, Canonical($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .scalar(_, let text): text
        case .sequence(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .mapping(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
