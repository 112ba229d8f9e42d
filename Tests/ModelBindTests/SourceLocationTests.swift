import Foundation
import Testing

@testable import ComposeModel
@testable import ModelBind

/// `SourceLocation` stores an interned file number; it must behave as if it held the name.
@Suite struct SourceLocationTests {
    @Test func equalNamesAreEqualLocations() {
        let a = SourceLocation(file: "dir/" + "compose.yaml", line: 3, column: 7)
        let b = SourceLocation(file: "dir/compose.yaml", line: 3, column: 7)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != SourceLocation(file: "dir/compose.override.yaml", line: 3, column: 7))
        #expect(a.description == "dir/compose.yaml:3:7")
    }

    @Test func ordersByFileNameThenPosition() {
        // Interned in the opposite order of their names, so an order by number would be wrong.
        let z = SourceLocation(file: "z-first-interned.yaml", line: 1, column: 1)
        let a = SourceLocation(file: "a-second-interned.yaml", line: 9, column: 9)
        #expect(a < z)
        #expect(SourceLocation(file: "a-second-interned.yaml", line: 2, column: 1) < a)
        #expect([z, a].sorted() == [a, z])
    }

    @Test func mutatesLikeAPlainStruct() {
        var location = SourceLocation(file: "one.yaml", line: 1, column: 2)
        location.file = "two.yaml"
        location.line = 10
        location.column = 20
        #expect(location == SourceLocation(file: "two.yaml", line: 10, column: 20))
    }

    @Test func codesAsFileLineColumn() throws {
        let location = SourceLocation(file: "compose.yaml", line: 4, column: 5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(location), as: UTF8.self)
        #expect(json == #"{"column":5,"file":"compose.yaml","line":4}"#)
        #expect(try JSONDecoder().decode(SourceLocation.self, from: Data(json.utf8)) == location)
    }
}
