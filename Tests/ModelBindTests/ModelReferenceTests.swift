import Testing

@testable import BindingOutput
@_spi(Testing) @testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind
@testable import ModelRunnerClient

struct ModelReferenceFixture: Decodable {
    struct Store: Decodable {
        struct Model: Decodable {
            var id: String
            var tags: [String]
        }
        var defaultRegistry: String
        var models: [Model]
        enum CodingKeys: String, CodingKey {
            case defaultRegistry = "default_registry"
            case models
        }
    }
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var valid: Bool
        var kind: String
        var normalizedName: String
        var normalized: String?
        var storeTag: String?
        var store: String
        var resolvesTo: String?
        var defaultRegistry: String?
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case input
            case valid
            case kind
            case normalizedName = "normalized_name"
            case normalized
            case storeTag = "store_tag"
            case store
            case resolvesTo = "resolves_to"
            case defaultRegistry = "default_registry"
        }
    }
    struct DisplayCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var display: String
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case input
            case display
        }
    }
    struct IDCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var function: String
        var expected: Bool
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case input
            case function
            case expected
        }
    }
    struct HFCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var isHuggingface: Bool
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case input
            case isHuggingface = "is_huggingface"
        }
    }
    struct HFParseCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var repo: String
        var revision: String
        var tag: String
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case name
            case input
            case repo
            case revision
            case tag
        }
    }
    var stores: [String: Store]
    var cases: [Case]
    var displayCases: [DisplayCase]
    var idDetectionCases: [IDCase]
    var isHuggingfaceCases: [HFCase]
    var hfParseCases: [HFParseCase]
    enum CodingKeys: String, CodingKey {
        case stores
        case cases
        case displayCases = "display_cases"
        case idDetectionCases = "id_detection_cases"
        case isHuggingfaceCases = "is_huggingface_cases"
        case hfParseCases = "hf_parse_cases"
    }
}

@Suite("ModelReference (DMR normalisation)")
struct ModelReferenceTests {
    typealias Fixture = ModelReferenceFixture
    static let file = "model-references"
    static let cases = FixtureLoader.cases(Fixture.self, from: file) { $0.cases }
    static let displayCases = FixtureLoader.cases(Fixture.self, from: file) { $0.displayCases }
    static let idCases = FixtureLoader.cases(Fixture.self, from: file) { $0.idDetectionCases }
    static let hfCases = FixtureLoader.cases(Fixture.self, from: file) { $0.isHuggingfaceCases }
    static let hfParseCases = FixtureLoader.cases(Fixture.self, from: file) { $0.hfParseCases }

    static func store(_ name: String) throws -> (entries: [ModelReference.StoreEntry], registry: String) {
        let fixture = try FixtureLoader.decode(Fixture.self, from: file)
        let store = try #require(fixture.stores[name])
        return (store.models.map { ModelReference.StoreEntry(id: $0.id, tags: $0.tags) }, store.defaultRegistry)
    }

    @Test func fixtureDecodes() throws {
        let fixture = try FixtureLoader.decode(Fixture.self, from: Self.file)
        #expect(fixture.cases.count == 66)
        #expect(Self.cases.count == 66)
        #expect(Self.displayCases.count == 11)
        #expect(Self.idCases.count == 12)
        #expect(Self.hfCases.count == 6)
        #expect(Self.hfParseCases.count == 5)
    }

    @Test(arguments: cases)
    func vector(_ c: Fixture.Case) throws {
        let (entries, storeRegistry) = try Self.store(c.store)
        let registry = c.defaultRegistry ?? storeRegistry
        let reference = ModelReference(c.input, defaultRegistry: registry)
        #expect(reference.isValid == c.valid)
        #expect(reference.kind.rawValue == c.kind)
        #expect(reference.storeTag == c.storeTag)
        #expect(reference.resolve(in: entries) == c.resolvesTo)
        #expect(ModelReference.resolve(c.input, in: entries, defaultRegistry: registry) == c.resolvesTo)
        // IDs are resolved to full IDs against the store; everything else needs no store.
        #expect(ModelReference.normalizeModelName(c.input, store: entries) == c.normalizedName)
        if reference.kind == .id {
            let resolved = ModelReference.normalizeModelName(c.input, store: entries)
            #expect(resolved == c.normalized)
        } else {
            #expect(reference.normalizedName == c.normalizedName)
            #expect(reference.normalized == c.normalized)
        }
        #expect((reference.invalidReason == nil) == c.valid)
    }

    @Test(arguments: displayCases)
    func display(_ c: Fixture.DisplayCase) {
        #expect(ModelReference.stripDefaults(c.input) == c.display)
        #expect(ModelReference(c.input).display == c.display)
    }

    @Test(arguments: idCases)
    func idDetection(_ c: Fixture.IDCase) {
        switch c.function {
        case "looksLikeID": #expect(ModelReference.looksLikeID(c.input) == c.expected)
        case "looksLikeDigest": #expect(ModelReference.looksLikeDigest(c.input) == c.expected)
        default: Issue.record("unknown function \(c.function)")
        }
    }

    @Test(arguments: hfCases)
    func huggingFace(_ c: Fixture.HFCase) {
        #expect(ModelReference.isHuggingFaceReference(c.input) == c.isHuggingface)
        #expect(ModelReference(c.input).isHuggingFace == c.isHuggingface)
    }

    @Test(arguments: hfParseCases)
    func huggingFaceParse(_ c: Fixture.HFParseCase) {
        let parsed = ModelReference.parseHuggingFace(c.input)
        #expect(parsed.repo == c.repo)
        #expect(parsed.revision == c.revision)
        #expect(parsed.tag == c.tag)
    }

    @Test func equivalentSpellingsMatch() {
        let reference = ModelReference("ai/smollm2")
        for spelling in [
            "smollm2", "smollm2:latest", "docker.io/ai/smollm2", "index.docker.io/ai/smollm2:latest", "AI/SmolLM2",
        ] {
            #expect(reference.matches(spelling), "\(spelling)")
        }
        #expect(!reference.matches("ai/smollm2:v2"))
        #expect(!reference.matches("library/smollm2"))
        #expect(!reference.matches(""))
        let digest = "sha256:" + String(repeating: "a", count: 64)
        #expect(ModelReference("x@" + digest).matches("y@" + digest))
        #expect(ModelReference(digest).matches("aaaaaaaaaaaa"))
        #expect(ModelReference(String(repeating: "a", count: 64)).matches("z@" + digest))
    }

    @Test func uppercaseRepositoryIsFlagged() {
        #expect(ModelReference("ai/SmolLM2:Q4_K_M").hasUppercaseRepository)
        #expect(!ModelReference("ai/smollm2:Q4_K_M").hasUppercaseRepository)
        #expect(!ModelReference(String(repeating: "a", count: 12)).hasUppercaseRepository)
    }

    @Test(arguments: [
        ("", "the model reference is empty"),
        ("ai/smol lm2", "a model reference cannot contain whitespace"),
        ("ai//x", #"the repository name "ai//x" has an empty path component"#),
        (
            "ai/x..y",
            #"the path component "x..y" is not valid: use lowercase letters and digits, separated by '.', '_', '__' or dashes"#
        ),
        (
            "ai/x:-bad",
            #"the tag "-bad" is not valid: a tag is 1 to 128 letters, digits, '_', '.' or '-', and does not start with '.' or '-'"#
        ),
        (
            "ai/x@sha256:abc",
            #"the digest "sha256:abc" is not valid: expected sha256: followed by 64 lowercase hexadecimal digits"#
        ),
        ("bad_host.io/x/y", #"the registry host "bad_host.io" is not a valid host name (with optional :port)"#),
    ])
    func invalidReasons(_ input: String, _ reason: String) {
        let reference = ModelReference(input)
        #expect(!reference.isValid)
        #expect(reference.invalidReason == reason)
        #expect(reference.normalized == nil)
        #expect(reference.description == input)
    }

    @Test func digestStoreTagAndDescription() {
        let digest = "sha256:" + String(repeating: "b", count: 64)
        let reference = ModelReference("registry.local:5000/team/model@" + digest)
        #expect(reference.kind == .digest)
        #expect(reference.normalized == "registry.local:5000/team/model@" + digest)
        #expect(reference.storeTag == "registry.local:5000/team/model:latest")
        #expect(ModelReference("smollm2").description == "docker.io/ai/smollm2:latest")
    }

    @Test func customDefaultRegistryDisplay() {
        #expect(
            ModelReference.stripDefaults("registry.local:5000/ai/x:latest", defaultRegistry: "registry.local:5000")
                == "x")
        #expect(
            ModelReference.stripDefaults("docker.io/ai/x:latest", defaultRegistry: "registry.local:5000")
                == "docker.io/ai/x")
    }

    /// Separators are found as bytes (as DMR's Go code does); what follows them must be read from
    /// the next byte, not the next Character, or a combining mark after `:`, `@` or `/` vanishes.
    @Test(arguments: [
        "ai/smollm2:\u{301}360M", "ai/x@sha256:\u{301}" + String(repeating: "a", count: 64), "ai/\u{301}smollm2",
        "registry.example.com/\u{200D}team/model",
    ])
    func combiningMarkAfterASeparatorIsKept(_ input: String) {
        let reference = ModelReference(input)
        #expect(!reference.isValid, "\(input.debugDescription) -> \(reference.normalized ?? "nil")")
    }
}
