import Testing
import YAML

/// What the store records per node while parsing: the height of its subtree, with aliases followed.
struct HeightTests {
    @Test func aliasesCarryTheirTargetsHeight() throws {
        let doc = try read(
            """
            x-list: &list [[["deep"]]]
            viaAlias: *list
            """)
        #expect(try doc.height(of: #require(doc.node("viaAlias"))) == 3)
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
