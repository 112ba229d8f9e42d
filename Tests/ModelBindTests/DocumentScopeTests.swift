import Foundation
import Testing

@testable import ModelBind

/// `.bindings` loads only part of each file into nodes; everything a command reads from the
/// project, and every finding, must be what `.whole` gives.
@Suite struct DocumentScopeTests {
    /// Every validation fixture (a directory with compose.yaml), relative to Fixtures/validation.
    static let validationFixtures: [String] = {
        let root = FixtureLoader.path("validation")
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix("compose.yaml") }.sorted()
    }()

    struct Loaded {
        var diagnostics: [Diagnostic]
        var project: ComposeProject?
    }

    static func load(
        _ files: [String], root: String, scope: DocumentScope, environment: [String: String] = [:],
        endpoint: EndpointOptions? = nil
    ) -> Loaded {
        let loader = ProjectLoader(environment: environment, source: FileSource(currentDirectory: root))
        let outcome = ValidationRun.analyze(
            loader: loader,
            load: LoadOptions(files: files, scope: scope),
            options: ValidationOptions(endpoint: endpoint)
        )
        return Loaded(diagnostics: outcome.report.diagnostics, project: outcome.project)
    }

    /// `node` with only the keys `.bindings` keeps (top level, and each service).
    static func pruned(_ node: ComposeNode) -> ComposeNode {
        var node = node
        guard var entries = node.entries else { return node }
        entries = entries.filter { DocumentScope.topLevelKeys.contains($0.key) }
        for index in entries.indices where entries[index].key == "services" {
            guard var services = entries[index].value.entries else { continue }
            for service in services.indices {
                guard let fields = services[service].value.entries else { continue }
                services[service].value.content = .mapping(
                    fields.filter { DocumentScope.serviceKeys.contains($0.key) })
            }
            entries[index].value.content = .mapping(services)
        }
        node.content = .mapping(entries)
        return node
    }

    static func expectSame(_ files: [String], root: String, environment: [String: String] = [:]) {
        for endpoint in [nil, EndpointOptions(target: .container, platform: .engine)] {
            let whole = load(files, root: root, scope: .whole, environment: environment, endpoint: endpoint)
            let bindings = load(files, root: root, scope: .bindings, environment: environment, endpoint: endpoint)
            #expect(bindings.diagnostics == whole.diagnostics, "\(files)")
            #expect((bindings.project == nil) == (whole.project == nil), "\(files)")
            guard let a = whole.project, let b = bindings.project else { continue }
            #expect(b.name == a.name)
            #expect(b.models == a.models)
            #expect(b.services == a.services)
            #expect(b.activeServices == a.activeServices)
            #expect(b.bindings == a.bindings)
            #expect(b.activeModels == a.activeModels)
            #expect(b.document == pruned(a.document), "\(files)")
        }
    }

    @Test func fixturesAreFound() {
        #expect(Self.validationFixtures.count >= 30)
    }

    @Test(arguments: validationFixtures)
    func validationFixture(_ file: String) {
        Self.expectSame([file], root: FixtureLoader.path("validation"))
    }

    @Test(arguments: CorpusTests.files)
    func corpusFile(_ file: String) {
        Self.expectSame([file], root: CorpusTests.root)
    }

    @Test(arguments: CorpusTests.combinations)
    func corpusCombination(_ files: [String]) {
        Self.expectSame(files, root: CorpusTests.root)
    }

    /// Nesting that only aliases make deeper than the loader's limit, in an unkept value and in a
    /// kept one: the walk over unkept values must report it exactly where conversion does (the
    /// store's recorded height saturates, so this also covers the saturated case).
    @Test func deepAliasNestingIsReportedAlike() throws {
        func nest(_ inner: String) -> String {
            String(repeating: "[", count: 700) + inner + String(repeating: "]", count: 700)
        }
        let text = """
            x-a: &a \(nest("x"))
            x-b: &b \(nest("*a"))
            x-c: \(nest("*b"))
            services:
              web:
                image: app
                labels: \(nest("*b"))
                environment: {DEEP: \(nest("*b"))}
            """
        let project = try TemporaryProject(["compose.yaml": text])
        Self.expectSame(["compose.yaml"], root: project.directory)
        let whole = Self.load(["compose.yaml"], root: project.directory, scope: .whole)
        #expect(whole.diagnostics.filter { $0.message.contains("nesting is deeper") }.count == 3)
    }

    /// A service's entries are allocated for the keys the scope keeps, not for all of them: room
    /// for every key of every service was most of a large project's memory.
    @Test func keptEntriesAreAllocatedAtTheirSize() throws {
        let keys = (0..<40).map { "x-key-\($0): value \($0)" }.joined(separator: "\n    ")
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              web:
                \(keys)
                image: app
                models: [llm]
            models:
              llm: {model: ai/smollm2}
            """
        ])
        let loaded = Self.load(["compose.yaml"], root: project.directory, scope: .bindings)
        let root = try #require(loaded.project?.document.entries)
        let web = try #require(loaded.project?.service("web")?.entries)
        #expect(web.map(\.key) == ["image", "models"])
        #expect(web.capacity < 8)
        #expect(root.capacity < 8)
    }

    /// What only the walk over unkept values finds: interpolation errors, unset variables (warned
    /// once, at the first use in document order), non-scalar keys, through aliases and merge keys.
    @Test func findingsInUnkeptValuesAreReported() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            x-health: &health
              test: ["CMD", "${PROBE}"]
            volumes:
              data: {driver: "${DRIVER:?set DRIVER}"}
            services:
              web:
                <<: {labels: {team: "${TEAM}"}}
                image: "app:${TAG}"
                healthcheck: *health
                environment:
                  A: "${TAG}"
                ports: [{[1]: "${SKIPPED:?never read}"}, "${PORT:-80}", "$$literal", "${bad"]
                models: [llm]
              worker:
                image: "${TAG}-${SECOND}"
                healthcheck: *health
                models: [llm]
            models:
              llm:
                model: ai/smollm2
            """,
            "clean.yaml": """
            services:
              web:
                image: "app:${TAG}"
                ports: ["${PORT:-80}"]
                environment: [A=1]
                models: [llm]
            models:
              llm:
                model: ai/smollm2
            """,
        ])
        Self.expectSame(["compose.yaml"], root: project.directory, environment: ["PORT": "81"])
        Self.expectSame(["clean.yaml"], root: project.directory)
        Self.expectSame(["clean.yaml", "compose.yaml"], root: project.directory)
        let bindings = Self.load(["compose.yaml"], root: project.directory, scope: .bindings)
        let codes = bindings.diagnostics.map { "\($0.code)@\($0.location?.line ?? 0)" }
        #expect(codes.contains("MB002@4"))  // ${DRIVER:?} in an unkept top-level key
        #expect(codes.contains("MB002@12"))  // "${bad" in an unkept service key
        #expect(codes.contains("MB001@12"))  // a list as a mapping key
        let unset = bindings.diagnostics.filter { $0.code == Rule.unsetVariable.code }
        #expect(unset.map(\.message).map { $0.split(separator: "\"")[1] } == ["PROBE", "TEAM", "TAG", "SECOND"])
        let clean = Self.load(["clean.yaml"], root: project.directory, scope: .bindings)
        let web = try #require(clean.project?.service("web"))
        #expect(web.entries?.map(\.key) == ["image", "environment", "models"])
    }
}
