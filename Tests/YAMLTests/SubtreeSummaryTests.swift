import Testing
import YAML

/// What the store records per node while parsing: `$` and non-scalar keys in the subtree, and its
/// height, with aliases followed and `<<` merges applied (the loader skips unkept values by them).
struct SubtreeSummaryTests {
    @Test func dollarIsSummarizedUpwards() throws {
        let doc = try read(
            """
            a: {b: [plain, "x${Y}"], c: none}
            d: [1, 2]
            e: '$'
            """)
        let root = try #require(doc.root)
        #expect(doc.subtreeContainsDollar(root))
        #expect(try doc.subtreeContainsDollar(#require(doc.node("a"))))
        #expect(try doc.subtreeContainsDollar(#require(doc.node("a.b"))))
        #expect(try !doc.subtreeContainsDollar(#require(doc.node("a.b.0"))))
        #expect(try doc.subtreeContainsDollar(#require(doc.node("a.b.1"))))
        #expect(try !doc.subtreeContainsDollar(#require(doc.node("a.c"))))
        #expect(try !doc.subtreeContainsDollar(#require(doc.node("d"))))
        #expect(try doc.subtreeContainsDollar(#require(doc.node("e"))))
        // Keys are not interpolated, but the flag records scalars, keys included.
        #expect(try doc.subtreeContainsDollar(#require(read("{$k: v}").root)))
    }

    @Test func aliasesAndMergesCarryTheirTargetsSummary() throws {
        let doc = try read(
            """
            x-env: &env {A: "${A}"}
            x-list: &list [[["$deep"]]]
            viaAlias: *list
            merged:
              <<: *env
              B: b
            overridden:
              <<: *env
              A: explicit
            """)
        #expect(try doc.subtreeContainsDollar(#require(doc.node("viaAlias"))))
        #expect(try doc.height(of: #require(doc.node("viaAlias"))) == 3)
        #expect(try doc.subtreeContainsDollar(#require(doc.node("merged"))))
        // The merged `A` is replaced by the explicit one, so no `$` is left in the mapping.
        #expect(try !doc.subtreeContainsDollar(#require(doc.node("overridden"))))
    }

    @Test func nonScalarKeysAreSummarized() throws {
        let doc = try read("a: {b: {[1, 2]: x}}\nc: {d: e}\n")
        #expect(try doc.subtreeContainsNonScalarKey(#require(doc.root)))
        #expect(try doc.subtreeContainsNonScalarKey(#require(doc.node("a"))))
        #expect(try !doc.subtreeContainsNonScalarKey(#require(doc.node("c"))))
    }

    @Test func heightCountsLevelsAndSaturates() throws {
        #expect(try doc(height: "x") == 0)
        #expect(try doc(height: "[]") == 0)
        #expect(try doc(height: "{}") == 0)
        #expect(try doc(height: "[a, b]") == 1)
        #expect(try doc(height: "{a: [b]}") == 2)
        #expect(try doc(height: "{a: [], b: [[c]]}") == 3)
        let deep = String(repeating: "[", count: 300) + "x" + String(repeating: "]", count: 300)
        #expect(try doc(height: deep) == YAMLDocument.maxRecordedHeight)
    }

    private func doc(height text: String) throws -> Int {
        let document = try read(text)
        return document.height(of: try #require(document.root))
    }
}
