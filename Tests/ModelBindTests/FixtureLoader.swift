import Foundation

/// Reads the fixtures copied into the test bundle (`Fixtures/…`): conformance vectors, the corpus,
/// validation and env fixtures.
enum FixtureLoader {
    struct MissingFixture: Error, CustomStringConvertible {
        var path: String
        var description: String { "Fixtures/\(path) is missing from the test bundle" }
    }

    /// The file-system path of `Fixtures/<relative>` ("" when the bundle has no Fixtures folder).
    static func path(_ relative: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent(relative).path ?? ""
    }

    /// Decodes the JSON file `Fixtures/<relative>` as `T`.
    static func decode<T: Decodable>(_ type: T.Type, at relative: String) throws -> T {
        let file = path(relative)
        guard !file.isEmpty, let data = FileManager.default.contents(atPath: file) else {
            throw MissingFixture(path: relative)
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// Decodes `Fixtures/conformance/<name>.json` as `T`.
    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try decode(T.self, at: "conformance/\(name).json")
    }

    /// For `@Test(arguments:)`: the cases `select` extracts, or `[]` when the file does not decode.
    /// Every suite also has a test that decodes the file with `try` and checks the counts, so a
    /// decoding failure fails loudly instead of silently running zero cases.
    static func cases<T: Decodable, C>(_ type: T.Type, from name: String, _ select: (T) -> [C]) -> [C] {
        guard let fixture = try? decode(T.self, from: name) else { return [] }
        return select(fixture)
    }
}
