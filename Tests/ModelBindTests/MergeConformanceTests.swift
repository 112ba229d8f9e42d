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
        let base = try Self.scanned(vector.base, "base.yaml")
        let override = try Self.scanned(vector.override, "override.yaml")
        let merged = TreeMerge.merged(
            TreeNode(source: 0, node: base.root), TreeNode(source: 1, node: override.root),
            sources: [
                TreeSource(store: base.store, substitutions: base.substitutions),
                TreeSource(store: override.store, substitutions: override.substitutions),
            ])
        #expect(merged.diagnostics.isEmpty)
        // Disabled upstream cases record what compose-go's code does (concatenation), which we follow.
        let expected = try Self.parse(vector.actualExpected ?? vector.expected, "expected.yaml")
        let result = ComposeDocument(store: merged.document, root: merged.document.roots.first)
        #expect(Canonical(result, try #require(result.root)) == Canonical(expected, try #require(expected.root)))
    }

    static func scanned(_ text: String, _ path: String) throws -> ScannedDocument {
        let store = try YAMLReader.read(text, path: path)
        var scan = DocumentScan(lookup: { _ in nil })
        return scan.scan(store, root: try #require(store.root))
    }

    static func parse(_ text: String, _ path: String) throws -> ComposeDocument {
        let scanned = try scanned(text, path)
        return ComposeDocument(store: scanned.store, root: scanned.root, substitutions: scanned.substitutions)
    }
}

/// A compose tree compared as compose-go's tests compare decoded YAML: mappings without regard
/// to key order, sequences in order, scalars by type and text.
indirect enum Canonical: Equatable, CustomStringConvertible {
    case scalar(YAMLScalarValue)
    case sequence([Canonical])
    case mapping([String: Canonical])

    init(_ document: ComposeDocument, _ node: YAMLNodeID) {
        switch document.kind(of: node) {
        case .scalar:
            self = .scalar(document.value(of: node))
        case .sequence:
            self = .sequence(document.items(of: node).map { Canonical(document, $0) })
        case .mapping:
            self = .mapping(
                Dictionary(
                    document.namedEntries(of: node).map { ($0.name, Canonical(document, $0.value)) },
                    uniquingKeysWith: { _, last in last }))
        }
    }

    var description: String {
        switch self {
        case .scalar(let value): "\(value)"
        case .sequence(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .mapping(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
