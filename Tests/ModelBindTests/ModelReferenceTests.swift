import Testing

@testable import ModelBind

struct ModelReferenceFixture: Decodable {
    struct Store: Decodable {
        struct Model: Decodable {
            var id: String
            var tags: [String]
        }
        var default_registry: String
        var models: [Model]
    }
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var valid: Bool
        var kind: String
        var normalized_name: String
        var normalized: String?
        var store_tag: String?
        var store: String
        var resolves_to: String?
        var default_registry: String?
        var testDescription: String { name }
    }
    struct DisplayCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var display: String
        var testDescription: String { name }
    }
    struct IDCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var function: String
        var expected: Bool
        var testDescription: String { name }
    }
    struct HFCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var is_huggingface: Bool
        var testDescription: String { name }
    }
    struct HFParseCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var repo: String
        var revision: String
        var tag: String
        var testDescription: String { name }
    }
    var stores: [String: Store]
    var cases: [Case]
    var display_cases: [DisplayCase]
    var id_detection_cases: [IDCase]
    var is_huggingface_cases: [HFCase]
    var hf_parse_cases: [HFParseCase]
}

@Suite("ModelReference (DMR normalisation)")
struct ModelReferenceTests {
    typealias Fixture = ModelReferenceFixture
    static let file = "model-references"
    static let cases = FixtureLoader.cases(Fixture.self, from: file) { $0.cases }
    static let displayCases = FixtureLoader.cases(Fixture.self, from: file) { $0.display_cases }
    static let idCases = FixtureLoader.cases(Fixture.self, from: file) { $0.id_detection_cases }
    static let hfCases = FixtureLoader.cases(Fixture.self, from: file) { $0.is_huggingface_cases }
    static let hfParseCases = FixtureLoader.cases(Fixture.self, from: file) { $0.hf_parse_cases }

    static func store(_ name: String) throws -> (entries: [ModelReference.StoreEntry], registry: String) {
        let fixture = try FixtureLoader.decode(Fixture.self, from: file)
        let store = try #require(fixture.stores[name])
        return (store.models.map { ModelReference.StoreEntry(id: $0.id, tags: $0.tags) }, store.default_registry)
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
        let registry = c.default_registry ?? storeRegistry
        let reference = ModelReference(c.input, defaultRegistry: registry)
        #expect(reference.isValid == c.valid)
        #expect(reference.kind.rawValue == c.kind)
        #expect(reference.storeTag == c.store_tag)
        #expect(reference.resolve(in: entries) == c.resolves_to)
        #expect(ModelReference.resolve(c.input, in: entries, defaultRegistry: registry) == c.resolves_to)
        // IDs are resolved to full IDs against the store; everything else needs no store.
        #expect(ModelReference.normalizeModelName(c.input, store: entries) == c.normalized_name)
        if reference.kind == .id {
            let resolved = ModelReference.normalizeModelName(c.input, store: entries)
            #expect(resolved == c.normalized)
        } else {
            #expect(reference.normalizedName == c.normalized_name)
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
        #expect(ModelReference.isHuggingFaceReference(c.input) == c.is_huggingface)
        #expect(ModelReference(c.input).isHuggingFace == c.is_huggingface)
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
        for spelling in ["smollm2", "smollm2:latest", "docker.io/ai/smollm2", "index.docker.io/ai/smollm2:latest", "AI/SmolLM2"] {
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
        #expect(ModelReference.stripDefaults("registry.local:5000/ai/x:latest", defaultRegistry: "registry.local:5000") == "x")
        #expect(ModelReference.stripDefaults("docker.io/ai/x:latest", defaultRegistry: "registry.local:5000") == "docker.io/ai/x")
    }
}
