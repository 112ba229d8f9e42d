import Testing

@testable import BindingOutput
@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind
@testable import ModelBindSupport
@testable import ModelRunnerClient

struct RuntimeFlagFixture: Decodable {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var backend: String?
        var flags: [String]
        var ok: Bool
        var errorContains: String?
        var errorMessage: String?
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case backend
            case flags
            case ok
            case errorContains = "error_contains"
            case errorMessage = "error_message"
        }
    }
    struct KeyCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var flag: String
        var expectedKey: String
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case flag
            case expectedKey = "expected_key"
        }
    }
    var backends: [String: [String]]
    var backendsWithoutAllowlist: [String]
    var mustNotBeAllowed: [String]
    var cases: [Case]
    var parseFlagKeyCases: [KeyCase]
    var pathSafetyCases: [Case]
    enum CodingKeys: String, CodingKey {
        case backends
        case backendsWithoutAllowlist = "backends_without_allowlist"
        case mustNotBeAllowed = "must_not_be_allowed"
        case cases
        case parseFlagKeyCases = "parse_flag_key_cases"
        case pathSafetyCases = "path_safety_cases"
    }
}

@Suite("RuntimeFlagAllowlist (DMR ValidateRuntimeFlags)")
struct RuntimeFlagAllowlistTests {
    typealias Fixture = RuntimeFlagFixture
    static let file = "runtime-flags-allowlist"
    static let cases = FixtureLoader.cases(Fixture.self, from: file) { $0.cases }
    static let keyCases = FixtureLoader.cases(Fixture.self, from: file) { $0.parseFlagKeyCases }
    static let pathCases = FixtureLoader.cases(Fixture.self, from: file) { $0.pathSafetyCases }

    @Test func fixtureDecodesAndGeneratedDataIsCurrent() throws {
        let fixture = try FixtureLoader.decode(Fixture.self, from: Self.file)
        #expect(Self.cases.count == 39)
        #expect(Self.keyCases.count == 7)
        #expect(Self.pathCases.count == 4)
        // The generated Swift arrays equal the fixture (regenerate with scripts/generate-runtime-flag-allowlist.py).
        #expect(RuntimeFlagAllowlist.allowedFlags(for: "llama.cpp") == fixture.backends["llama.cpp"])
        #expect(RuntimeFlagAllowlist.allowedFlags(for: "vllm") == fixture.backends["vllm"])
        #expect(RuntimeFlagAllowlist.backendsWithoutAllowlist == fixture.backendsWithoutAllowlist)
        #expect(RuntimeFlagAllowlist.backends == ["llama.cpp", "vllm"] + fixture.backendsWithoutAllowlist)
        for backend in fixture.backendsWithoutAllowlist {
            #expect(RuntimeFlagAllowlist.allowedFlags(for: backend) == nil)
        }
        for flag in fixture.mustNotBeAllowed {
            #expect(RuntimeFlagAllowlist.allowedFlags(for: "llama.cpp")?.contains(flag) == false)
            #expect(RuntimeFlagAllowlist.allowedFlags(for: "vllm")?.contains(flag) == false)
        }
    }

    @Test(arguments: cases)
    func vector(_ c: Fixture.Case) throws {
        let backend = try #require(c.backend)
        let problem = RuntimeFlagAllowlist.validate(c.flags, backend: backend)
        if c.ok {
            #expect(problem == nil)
            #expect(RuntimeFlagAllowlist.problems(in: c.flags, backend: backend).isEmpty)
        } else {
            let problem = try #require(problem)
            #expect(problem.message == c.errorMessage)
            if let contains = c.errorContains { #expect(problem.message.contains(contains)) }
            #expect(RuntimeFlagAllowlist.problems(in: c.flags, backend: backend).contains(problem))
        }
    }

    @Test(arguments: keyCases)
    func parseFlagKey(_ c: Fixture.KeyCase) {
        #expect(RuntimeFlagAllowlist.parseFlagKey(c.flag) == c.expectedKey)
    }

    /// The path check alone: values only (no keys), so the allowlist and '=' passes cannot fire.
    @Test(arguments: pathCases)
    func pathSafety(_ c: Fixture.Case) {
        let problems = RuntimeFlagAllowlist.problems(in: c.flags, backend: "llama.cpp").filter {
            $0.kind == .containsPath
        }
        if c.ok {
            #expect(problems.isEmpty)
        } else {
            #expect(problems.first?.message == c.errorMessage)
        }
    }

    @Test func problemsReportsEverythingWithIndexesAndSuggestions() {
        let flags = ["--ctx-szie", "8192", "--seed", "-1", "--temp=-.5", "--log-file=/tmp/x", "--threads", "4"]
        let problems = RuntimeFlagAllowlist.problems(in: flags, backend: "llama.cpp")
        #expect(
            problems == [
                RuntimeFlagProblem(
                    kind: .notAllowed, index: 0, flag: "--ctx-szie",
                    message: #"runtime flag "--ctx-szie" is not allowed for backend "llama.cpp""#,
                    suggestion: "--ctx-size"),
                RuntimeFlagProblem(
                    kind: .separateNegativeValue, index: 3, flag: "-1",
                    message: #"runtime flag "-1" is not allowed for backend "llama.cpp""#, suggestion: "--seed=-1"),
                RuntimeFlagProblem(
                    kind: .invalidFlagValue, index: 4, flag: "--temp=-.5",
                    message: #"invalid flag "--temp=-.5": value cannot start with '-' unless followed by a digit"#,
                    suggestion: "--temp=-0.5"),
                RuntimeFlagProblem(
                    kind: .notAllowed, index: 5, flag: "--log-file",
                    message: #"runtime flag "--log-file" is not allowed for backend "llama.cpp""#),
                RuntimeFlagProblem(
                    kind: .containsPath, index: 5, flag: "--log-file=/tmp/x",
                    message: #"invalid runtime flag "--log-file=/tmp/x": paths are not allowed (contains '/' or '\\')"#),
            ])
        // validate() returns DMR's first failure: the allowlist pass runs over all elements first.
        #expect(RuntimeFlagAllowlist.validate(flags, backend: "llama.cpp") == problems.first)
    }

    @Test func separateNegativeFloatSuggestion() {
        let problem = RuntimeFlagAllowlist.validate(["--temp", "-.5"], backend: "llama.cpp")
        #expect(problem?.kind == .separateNegativeValue)
        #expect(problem?.suggestion == "--temp=-0.5")
        #expect(RuntimeFlagAllowlist.validate(["--temp=-0.5"], backend: "llama.cpp") == nil)
    }

    @Test func backendWithoutAllowlist() {
        let problems = RuntimeFlagAllowlist.problems(in: ["--threads", "4", "-c"], backend: "sglang")
        #expect(problems.map(\.kind) == [.backendHasNoAllowlist, .backendHasNoAllowlist])
        #expect(problems.map(\.index) == [0, 2])
        #expect(problems.first?.message == #"runtime flag "--threads" is not allowed for backend "sglang""#)
    }

    @Test func goQuotingInMessages() {
        let problem = RuntimeFlagAllowlist.validate(["--x\t\"y\u{7F}"], backend: "llama.cpp")
        #expect(problem?.message == #"runtime flag "--x\t\"y\x7f" is not allowed for backend "llama.cpp""#)
    }

    @Test(arguments: [
        (["-c", "4096"], 4096),
        (["--ctx-size", "8192", "--threads", "4"], 8192),
        (["-c=2048"], 2048),
        (["--ctx-size=1024", "-c", "512"], 512),
    ])
    func contextSize(_ flags: [String], _ expected: Int) {
        #expect(RuntimeFlagAllowlist.contextSize(in: flags) == expected)
    }

    @Test func noContextSize() {
        #expect(RuntimeFlagAllowlist.contextSize(in: ["--threads", "4"]) == nil)
        #expect(RuntimeFlagAllowlist.contextSize(in: ["-c"]) == nil)
        #expect(RuntimeFlagAllowlist.contextSize(in: ["-c", "big"]) == nil)
    }

    @Test func closestSpelling() {
        #expect(SpellingSuggestion.closest(to: "--ctx-szie", in: ["--ctx-size", "--threads"]) == "--ctx-size")
        #expect(SpellingSuggestion.closest(to: "--completely-different", in: ["--ctx-size"]) == nil)
    }

    /// A value after `=` starts at the next byte: `\u{301}-x` does not start with `-`, as in DMR.
    @Test func valueAfterEqualsKeepsACombiningMark() {
        let problems = RuntimeFlagAllowlist.problems(in: ["--temp=\u{301}-x"], backend: "llama.cpp")
        #expect(!problems.contains { $0.kind == .invalidFlagValue })
    }
}
