import Testing

@testable import BindingOutput
@_spi(Testing) @testable import ComposeLoading
@_spi(Testing) @testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind
@testable import ModelRunnerClient

struct DotEnvFixture: Decodable {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var api: String
        var input: String?
        var inputs: [String]?
        var lookup: [String: String]?
        var presetEnv: [String: String]?
        var expected: [String: String]?
        var match: String?
        var error: Bool?
        var errorContains: String?
        var errorExact: Bool?
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case api
            case input
            case inputs
            case lookup
            case presetEnv = "preset_env"
            case expected
            case match
            case error
            case errorContains = "error_contains"
            case errorExact = "error_exact"
        }
    }
    var cases: [Case]
}

@Suite("DotEnv (compose-go dotenv)")
struct DotEnvTests {
    static let cases = FixtureLoader.cases(DotEnvFixture.self, from: "dotenv") { $0.cases }

    @Test func fixtureDecodes() throws {
        let fixture = try FixtureLoader.decode(DotEnvFixture.self, from: "dotenv")
        #expect(fixture.cases.count == 96)
        #expect(Self.cases.count == fixture.cases.count)
    }

    private static func run(_ c: DotEnvFixture.Case) throws -> [String: String] {
        let lookupTable = c.lookup ?? [:]
        let lookup: (String) -> String? = { lookupTable[$0] }
        func map(_ pairs: [(key: String, value: String)]) -> [String: String] {
            Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        }
        switch c.api {
        case "parse": return map(try DotEnv.parse(c.input ?? "", lookup: lookup))
        case "read": return map(try DotEnv.read(c.input ?? "", lookup: lookup))
        case "load": return try DotEnv.load(c.input ?? "", into: c.presetEnv ?? [:])
        case "get_env_from_files": return try DotEnv.environment(fromFiles: c.inputs ?? [], lookup: lookup)
        default:
            Issue.record("unknown api \(c.api)")
            return [:]
        }
    }

    @Test(arguments: cases)
    func vector(_ c: DotEnvFixture.Case) throws {
        if c.error == true {
            let error = try #require(throws: DotEnvError.self) { try Self.run(c) }
            if let contains = c.errorContains {
                if c.errorExact == true {
                    #expect(error.message == contains)
                } else {
                    #expect(error.message.contains(contains), "\(error.message)")
                }
            }
            return
        }
        let expected = try #require(c.expected)
        let actual = try Self.run(c)
        if c.match == "subset" {
            for (key, value) in expected {
                #expect(actual[key] == value, "key \(key)")
            }
        } else {
            #expect(actual == expected)
        }
    }

    @Test func orderIsPreservedAndDuplicatesKeepFirstPosition() throws {
        let pairs = try DotEnv.parse("B=1\nA=2\nB=3\n")
        #expect(pairs.map(\.key) == ["B", "A"])
        #expect(pairs.map(\.value) == ["3", "2"])
        #expect(try DotEnv.entries("X=1") == [DotEnvEntry(key: "X", value: "1")])
    }

    @Test func errorPositions() throws {
        let space = try #require(throws: DotEnvError.self) { try DotEnv.parse("A=1\n\nBAD KEY\n") }
        #expect(space.message == "line 3: key cannot contain a space")
        #expect(space.line == 3)
        #expect(space.column == 1)

        let character = try #require(throws: DotEnvError.self) { try DotEnv.parse("A=1\n  b$c=2\n") }
        #expect(character.message == #"line 2: unexpected character "$" in variable name "b$c=2""#)
        #expect(character.line == 2)
        #expect(character.column == 4)

        let unterminated = try #require(throws: DotEnvError.self) { try DotEnv.parse("A=1\nB='x\ny\n") }
        #expect(unterminated.message == "line 4: unterminated quoted value 'x")
        #expect(unterminated.line == 4)
        #expect(unterminated.column == 3)

        let interpolation = try #require(throws: DotEnvError.self) { try DotEnv.parse("A=1\nB=${MISSING:?set it}\n") }
        #expect(interpolation.message == "required variable MISSING is missing a value: set it")
        #expect(interpolation.line == 2)
        #expect(interpolation.column == 3)
        #expect(interpolation.description == "line 2: required variable MISSING is missing a value: set it")

        let empty = try #require(throws: DotEnvError.self) { try DotEnv.parse("export ") }
        #expect(empty.message == "zero length string")
        #expect(empty.line == 1)
    }

    @Test func environmentFromFilesNamesTheFailingFile() throws {
        let error = try #require(throws: DotEnvError.self) {
            try DotEnv.environment(fromFiles: ["A=1", "B=\"open"], lookup: { _ in nil })
        }
        #expect(error.fileIndex == 1)
        #expect(error.message == "line 1: unterminated quoted value \"open")
    }

    @Test func environmentFromFilesInheritsFromEarlierFiles() throws {
        let env = try DotEnv.environment(fromFiles: ["A=1\n", "A\nB=${A}2\n"], lookup: { _ in nil })
        #expect(env == ["A": "1", "B": "12"])
    }

    @Test func escapesInDoubleQuotes() throws {
        #expect(try DotEnv.parse(#"A="\0101\0\012\$X\c""#).first?.value == #"A\\12$X\c"#)
        #expect(DotEnv.expandEscapes(#"\0377"#) == "\u{FF}")
    }

    @Test func readDropsDigitKeysOnly() throws {
        let pairs = try DotEnv.read("1A=x\nA1=y\n")
        #expect(pairs.map(\.key) == ["A1"])
    }
}
