import Testing
@_spi(Testing) import YAML

@testable import ModelBind

/// With `.bindings`, services are converted while the file is read (`StreamedServiceConversion`)
/// and the parser takes them over. The tree, the findings, their order and the first use of each
/// unset variable must be exactly those of converting everything after reading.
struct StreamedServiceConversionTests {
    struct Converted: Equatable {
        var nodes: [ComposeNode]
        var errors: [Diagnostic]
        var unset: [String]
        var sawMergeTags: Bool
    }

    static let environment = ["SET": "value", "TAG": "1.2"]

    static let cases: [String] = [
        // Unset variables first used before, inside and after `services:`.
        """
        x-first: ${EARLY}
        services:
          a:
            image: app:${TAG}-${LATE}-${EARLY}
            environment: [ "A=${LATE}", "B=${SET}" ]
            models: [m]
          b: {image: "${NEW:-d}${LATE}", labels: {x: "${ONLY_UNKEPT}"}}
        models:
          m: {model: "ai/smollm2:${MODEL_TAG}"}
        x-last: ${NEW}${ONLY_UNKEPT}
        """,
        // Merge keys in the services mapping and in services; aliases as service values.
        """
        x-svc: &svc {image: shared, models: [m]}
        services:
          <<: {merged: {image: from-merge}, a: {image: overridden}}
          a: &a
            <<: *svc
            environment: {LEVEL: "${LEVEL:-info}"}
          b: *a
          c: *svc
        models: {m: {model: ai/x}}
        """,
        // Interpolation errors and a non-scalar key inside services, then more findings.
        """
        services:
          a: {image: "${REQUIRED:?set it}"}
          ? [odd]
          : {image: x}
          b: {image: "${AFTER_ERROR}", command: "${BAD"}
          c: !reset {image: y}
        """,
        // Two documents, each with services; `services` that is not a mapping.
        """
        services: {a: {image: "${ONE}"}}
        ---
        services: {a: {image: "${TWO}${ONE}"}, b: {profiles: [p], image: "${THREE}"}}
        ---
        services: [not, a, mapping]
        """,
        // Deep nesting inside a service, past the parser's depth limit through aliases.
        "x-deep: &d [[[[[[[[[[x]]]]]]]]]]\nservices:\n  a:\n    labels: {l: *d}\n    image: \"${DEEP}\"\n",
    ]

    @Test(arguments: cases)
    func streamedConversionIsTheSame(_ text: String) throws {
        let (streamed, observed) = try convert(text, streaming: true)
        let (plain, _) = try convert(text, streaming: false)
        #expect(streamed == plain)
        #expect(observed > 0, "no service was converted ahead")
    }

    @Test func unsetVariablesKeepTheirFirstUse() throws {
        let (converted, _) = try convert(Self.cases[0], streaming: true)
        // `${NEW:-d}` has a default: NEW is first reported in `x-last`, after the models.
        #expect(converted.unset == ["EARLY", "LATE", "ONLY_UNKEPT", "MODEL_TAG", "NEW"])
    }

    @Test func servicesOfAMergedMappingAreConvertedInPlace() throws {
        // `merged` comes from the `<<` value: it was never a pair of `services` as written.
        let (converted, _) = try convert(Self.cases[1], streaming: true)
        let services = try #require(converted.nodes.first?["services"]?.entries)
        #expect(services.map(\.key) == ["merged", "a", "b", "c"])
        #expect(services.first?.value["image"]?.string == "from-merge")
        #expect(services[1].value["image"]?.string == "shared")
    }

    /// The cases through the whole load, `.bindings` against `.whole` (files this small are read
    /// on one thread and not streamed; the conversions above and the next test cover streaming).
    @Test(arguments: cases)
    func casesLoadAlikeUnderBothScopes(_ text: String) throws {
        let project = try TemporaryProject(["compose.yaml": text])
        DocumentScopeTests.expectSame(["compose.yaml"], root: project.directory, environment: Self.environment)
    }

    /// A file large enough for the loader to stream its services (libyaml on its own thread), with
    /// the constructs of `cases` repeated through it, loads under `.bindings` exactly as `.whole`.
    @Test func loadsAlikeWhenLargeEnoughToStream() throws {
        var text = "x-first: ${EARLY}\nx-svc: &svc {image: shared, models: [m1]}\nservices:\n"
        text += "  <<: {merged: {image: from-merge}}\n"
        var index = 0
        while text.utf8.count < YAMLReadingMode.pipelineThreshold + 50_000 {
            switch index % 5 {
            case 0: text += "  s\(index): {image: \"app:${TAG}-${LATE\(index % 7)}\", models: [m1, m2]}\n"
            case 1: text += "  s\(index): *svc\n"
            case 2:
                text += "  s\(index): {image: \"${REQUIRED\(index % 3):?set it}\", environment: [\"A=${NEW:-d}\"]}\n"
            case 3:
                text +=
                    "  s\(index):\n    <<: *svc\n    environment: {M1_URL: x}\n    labels: {l: \"${UNKEPT\(index % 11)}\"}\n"
            default:
                text += "  s\(index): {profiles: [p\(index % 4)], image: x, models: {m2: {endpoint_var: E\(index)}}}\n"
            }
            index += 1
        }
        text += "models:\n  m1: {model: \"ai/smollm2:${MODEL_TAG}\"}\n  m2: {model: ai/qwen3}\nx-last: ${NEW}\n"
        #expect(
            LoadSession.convertsWhileReading(scope: .bindings, fileBytes: text.utf8.count)
                == YAMLReader.pipelines(inputBytes: text.utf8.count))
        let project = try TemporaryProject(["compose.yaml": text])
        // With the required variables unset (errors in a third of the services) and set.
        DocumentScopeTests.expectSame(["compose.yaml"], root: project.directory, environment: Self.environment)
        let complete = Self.environment.merging(["REQUIRED0": "a", "REQUIRED1": "b", "REQUIRED2": "c"]) { $1 }
        DocumentScopeTests.expectSame(["compose.yaml"], root: project.directory, environment: complete)
        let loaded = DocumentScopeTests.load(
            ["compose.yaml"], root: project.directory, scope: .bindings, environment: complete)
        #expect((loaded.project?.bindings.count ?? 0) > 1_000)
    }

    /// Only `.bindings` streams, only when libyaml runs on a thread of its own, and only for files
    /// small enough that keeping their bytes during the conversion costs little memory.
    @Test func streamsOnlyBindingsScopeOfPipelinedFilesUpToTheSizeLimit() {
        let limit = LoadSession.streamedConversionMaxBytes
        let pipelined = YAMLReadingMode.pipelineThreshold
        let twoThreads = YAMLReader.pipelines(inputBytes: pipelined)
        #expect(LoadSession.convertsWhileReading(scope: .bindings, fileBytes: pipelined) == twoThreads)
        #expect(LoadSession.convertsWhileReading(scope: .bindings, fileBytes: limit) == twoThreads)
        #expect(!LoadSession.convertsWhileReading(scope: .bindings, fileBytes: pipelined - 1))
        #expect(!LoadSession.convertsWhileReading(scope: .bindings, fileBytes: limit + 1))
        #expect(!LoadSession.convertsWhileReading(scope: .whole, fileBytes: pipelined))
    }

    /// Converts every root of `text` with the `.bindings` scope, with services converted while
    /// reading or not; also answers how many services were converted ahead.
    private func convert(_ text: String, streaming: Bool) throws -> (Converted, Int) {
        let environment = Self.environment
        let lookup: @Sendable (String) -> String? = { environment[$0] }
        let observer = streaming ? StreamedServiceConversion(lookup: lookup, file: "t.yaml") : nil
        let document = try YAMLReader.read(Array(text.utf8), path: "t.yaml", observer: observer)
        var parser = ComposeFileParser(lookup: lookup, scope: .bindings)
        parser.convertedServices = observer?.converted ?? [:]
        let nodes = document.roots.map { parser.node(document, $0, file: "t.yaml") }
        let converted = Converted(
            nodes: nodes, errors: parser.errors, unset: parser.unsetVariables.map(\.name),
            sawMergeTags: parser.sawMergeTags)
        return (converted, observer?.converted.count ?? 0)
    }
}
