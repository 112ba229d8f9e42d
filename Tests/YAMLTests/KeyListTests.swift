import Testing
import YAML

/// `YAMLDocument.match(_:in:)`: finding a scalar among a few keys by its bytes in the store.
struct KeyListTests {
    let keys = YAMLKeyList(["models", "model", "", "環境", String(repeating: "k", count: 70)])

    @Test func findsEachKeyByPosition() throws {
        let doc = try read(
            """
            models: a
            model: b
            "": c
            環境: d
            \(String(repeating: "k", count: 70)): e
            """)
        let root = try #require(doc.root)
        let positions = doc.childNodes(of: root).enumerated().filter { $0.offset % 2 == 0 }.map {
            doc.match($0.element, in: keys)
        }
        // A key of 64 bytes or more is never matched (the length mask has 64 bits).
        #expect(positions == [0, 1, 2, 3, nil])
    }

    @Test func rejectsNearMissesAndNonScalars() throws {
        let doc = try read(
            """
            modelz: a
            Models: b
            model_: c
            mode: d
            ? [models]
            : e
            環: f
            """)
        let root = try #require(doc.root)
        for (offset, child) in doc.childNodes(of: root).enumerated() where offset % 2 == 0 {
            #expect(doc.match(child, in: keys) == nil, "key \(offset / 2)")
        }
        // Values are matched too; a collection never is.
        #expect(try doc.match(#require(read("[models]").root), in: keys) == nil)
        #expect(try doc.match(#require(doc.node("modelz")), in: YAMLKeyList(["a"])) == 0)
    }

    @Test func comparesTheScalarsContentNotHowItIsWritten() throws {
        let doc = try read(
            #"""
            - "mod\u0065ls"
            - 'model'
            - |-
              models
            - "\u74B0\u5883"
            """#)
        let root = try #require(doc.root)
        #expect(doc.childNodes(of: root).map { doc.match($0, in: keys) } == [0, 1, 0, 3])
    }
}
