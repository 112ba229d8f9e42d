import Testing

@testable import BindingOutput
@_spi(Testing) @testable import ComposeLoading
@_spi(Testing) @testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind
@testable import ModelRunnerClient

struct InterpolationFixture: Decodable {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var template: String
        var env: [String: String]
        var expected: String?
        var error: String?
        var errorContains: String?
        var unsetWarnings: Int?
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case template
            case env
            case expected
            case error
            case errorContains = "error_contains"
            case unsetWarnings = "unset_warnings"
        }
    }
    struct OperatorCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var expression: String
        var `operator`: String
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case expression
            case `operator`
        }
    }
    var cases: [Case]
    var operatorChoiceCases: [OperatorCase]
    enum CodingKeys: String, CodingKey {
        case cases
        case operatorChoiceCases = "operator_choice_cases"
    }
}

@Suite("Interpolation (compose-go template.Substitute)")
struct InterpolationTests {
    static let cases = FixtureLoader.cases(InterpolationFixture.self, from: "interpolation") { $0.cases }
    static let operatorCases = FixtureLoader.cases(InterpolationFixture.self, from: "interpolation") {
        $0.operatorChoiceCases
    }

    @Test func fixtureDecodes() throws {
        let fixture = try FixtureLoader.decode(InterpolationFixture.self, from: "interpolation")
        #expect(fixture.cases.count == 101)
        #expect(fixture.operatorChoiceCases.count == 9)
        #expect(Self.cases.count == fixture.cases.count)
    }

    @Test(arguments: cases)
    func vector(_ c: InterpolationFixture.Case) throws {
        let env = c.env
        if let expected = c.expected {
            let result = try Interpolation.substitute(c.template) { env[$0] }
            #expect(result.value == expected)
            if let warnings = c.unsetWarnings {
                #expect(result.unsetVariables.count == warnings)
            }
        } else {
            let kind = try #require(c.error)
            let contains = try #require(c.errorContains)
            let error = try #require(throws: InterpolationError.self) {
                try Interpolation.substitute(c.template) { env[$0] }
            }
            #expect(error.message.contains(contains), "\(error.message)")
            #expect(error.description == error.message)
            switch kind {
            case "missing-required":
                guard case .missingRequired = error.kind else {
                    Issue.record("expected missingRequired, got \(error.kind)")
                    return
                }
            case "invalid-template":
                #expect(error.kind == .invalidTemplate)
            default:
                Issue.record("unknown error kind \(kind)")
            }
        }
    }

    @Test(arguments: operatorCases)
    func operatorChoice(_ c: InterpolationFixture.OperatorCase) {
        #expect(Interpolation.operatorChoice(c.expression)?.rawValue == c.operator)
    }

    @Test func exactErrorMessages() throws {
        let missing = try #require(throws: InterpolationError.self) {
            try Interpolation.substitute("x ${A:?need it} y") { _ in nil }
        }
        #expect(missing.message == "required variable A is missing a value: need it")
        #expect(missing.kind == .missingRequired(variable: "A"))

        let bare = try #require(throws: InterpolationError.self) {
            try Interpolation.substitute("${A?}") { _ in nil }
        }
        #expect(bare.message == "required variable A is missing a value")

        // compose-go names the template with Go %#v quoting.
        let invalid = try #require(throws: InterpolationError.self) {
            try Interpolation.substitute("a \"q\" ${ }\t") { _ in nil }
        }
        #expect(invalid.message == #"Invalid template: "a \"q\" ${ }\t""#)

        // An error in the text after an operator expression names that text (compose-go re-substitutes it).
        let nested = try #require(throws: InterpolationError.self) {
            try Interpolation.substitute("${A:-x} ${ }") { _ in nil }
        }
        #expect(nested.message == #"Invalid template: " ${ }""#)
    }

    @Test func unsetVariablesAreOrderedAndUnique() throws {
        let result = try Interpolation.substitute("$B ${A} $B ${C:-$D} ${E-x}") { _ in nil }
        #expect(result.value == "    x")
        #expect(result.unsetVariables == ["B", "A", "D"])
    }

    @Test func lazyArgumentsAreNotEvaluated() throws {
        // The invalid template in the default is never evaluated because FOO is set.
        let result = try Interpolation.substitute("${FOO:-${}") { $0 == "FOO" ? "set" : nil }
        #expect(result.value == "set")
        #expect(throws: InterpolationError.self) { try Interpolation.substitute("${FOO:-${}") { _ in nil } }
    }

    @Test func multiLineDefaultIsInvalid() {
        #expect(throws: InterpolationError.self) { try Interpolation.substitute("${FOO:-a\nb}") { _ in nil } }
    }

    @Test func containsReference() {
        #expect(Interpolation.containsReference("a$b"))
        #expect(!Interpolation.containsReference("plain"))
        #expect(!Interpolation.containsReference(""))
    }

    @Test func unicodeAroundReferences() throws {
        let result = try Interpolation.substitute("日本 ${X:-語}✓$X") { $0 == "X" ? "ü" : nil }
        #expect(result.value == "日本 ü✓ü")
    }
}
