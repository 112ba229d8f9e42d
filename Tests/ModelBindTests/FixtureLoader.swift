import Foundation

/// Reads the conformance vectors copied into the test bundle (`Fixtures/conformance/*.json`).
enum FixtureLoader {
    struct MissingFixture: Error, CustomStringConvertible {
        var name: String
        var description: String { "Fixtures/conformance/\(name).json is missing from the test bundle" }
    }

    /// The raw bytes of `Fixtures/conformance/<name>.json`.
    static func data(_ name: String) throws -> Data {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw MissingFixture(name: name)
        }
        let url = root.appendingPathComponent("conformance").appendingPathComponent(name + ".json")
        return try Data(contentsOf: url)
    }

    /// Decodes `Fixtures/conformance/<name>.json` as `T`.
    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(name))
    }

    /// For `@Test(arguments:)`: the cases `select` extracts, or `[]` when the file does not decode.
    /// Every suite also has a test that decodes the file with `try` and checks the counts, so a
    /// decoding failure fails loudly instead of silently running zero cases.
    static func cases<T: Decodable, C>(_ type: T.Type, from name: String, _ select: (T) -> [C]) -> [C] {
        guard let fixture = try? decode(T.self, from: name) else { return [] }
        return select(fixture)
    }
}
