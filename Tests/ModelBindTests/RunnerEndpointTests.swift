import Testing

@testable import ModelBind
@testable import RunnerEndpoints

struct RunnerEndpointTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var flag: String?
        var environment: [String: String]
        var socketExists: Bool
        var url: String
        var source: RunnerEndpoint.Source
        var testDescription: String { name }
    }

    static let home = "/home/dev"
    static let socketURL = "http+unix://%2Fhome%2Fdev%2F.docker%2Frun%2Fdocker.sock/exp/vDD4.40/models/create"

    static let cases: [Case] = [
        Case(
            name: "flag wins over everything", flag: "http://runner:9000",
            environment: ["MODEL_RUNNER_HOST": "http://env:1"], socketExists: true,
            url: "http://runner:9000/models/create", source: .flag),
        Case(
            name: "environment wins over the socket", flag: nil, environment: ["MODEL_RUNNER_HOST": "https://env:443"],
            socketExists: true, url: "https://env:443/models/create", source: .environment),
        Case(
            name: "environment without scheme means http", flag: nil,
            environment: ["MODEL_RUNNER_HOST": "localhost:12434"], socketExists: false,
            url: "http://localhost:12434/models/create", source: .environment),
        Case(
            name: "empty environment value is unset", flag: nil, environment: ["MODEL_RUNNER_HOST": "  "],
            socketExists: false, url: "http://localhost:12434/models/create", source: .defaultTCP),
        Case(
            name: "Desktop socket with prefix", flag: nil, environment: [:], socketExists: true, url: socketURL,
            source: .dockerDesktop),
        Case(
            name: "default TCP", flag: nil, environment: [:], socketExists: false,
            url: "http://localhost:12434/models/create", source: .defaultTCP),
        Case(
            name: "unix flag without prefix", flag: "unix:///run/mr.sock", environment: [:], socketExists: true,
            url: "http+unix://%2Frun%2Fmr.sock/models/create", source: .flag),
        Case(
            name: "unix flag to a docker.sock gets the Desktop prefix", flag: "unix:///var/run/docker.sock",
            environment: [:], socketExists: false,
            url: "http+unix://%2Fvar%2Frun%2Fdocker.sock/exp/vDD4.40/models/create", source: .flag),
        Case(
            name: "URL path becomes a prefix, trailing slash dropped", flag: "http://h:1/exp/vDD4.40/",
            environment: [:], socketExists: false, url: "http://h:1/exp/vDD4.40/models/create", source: .flag),
    ]

    @Test(arguments: cases)
    func resolution(_ testCase: Case) throws {
        let endpoint = try RunnerEndpoint.resolve(
            flag: testCase.flag, environment: testCase.environment,
            fileExists: { $0 == "/home/dev/.docker/run/docker.sock" && testCase.socketExists },
            homeDirectory: Self.home)
        #expect(endpoint.requestURL(path: "/models/create") == testCase.url)
        #expect(endpoint.source == testCase.source)
    }

    @Test func socketIsOnlyLookedUpInTheHomeDirectory() throws {
        var asked: [String] = []
        _ = try RunnerEndpoint.resolve(
            flag: nil, environment: [:],
            fileExists: {
                asked.append($0)
                return false
            }, homeDirectory: "/root/")
        #expect(asked == ["/root/.docker/run/docker.sock"])
    }

    @Test func unixSocketNeedsHostHeader() throws {
        #expect(try RunnerEndpoint(parsing: "unix:///tmp/x.sock").isUnixSocket)
        #expect(try !RunnerEndpoint(parsing: "http://localhost:1").isUnixSocket)
    }

    @Test(arguments: [
        ("ftp://host", "unsupported scheme 'ftp'"),
        ("unix://relative.sock", "absolute path"),
        ("", "empty"),
        ("http://", "scheme://host"),
        ("http://host?x=1", "scheme://host"),
    ])
    func invalidURLs(_ input: String, _ fragment: String) {
        #expect {
            try RunnerEndpoint(parsing: input)
        } throws: { error in
            guard let error = error as? RunnerEndpointError else { return false }
            return error.description.contains(fragment) && error.description.contains("'\(input)'")
        }
    }

    @Test func invalidEnvironmentNamesTheVariable() {
        #expect {
            try RunnerEndpoint.resolve(
                flag: nil, environment: ["MODEL_RUNNER_HOST": "gopher://x"], fileExists: { _ in false },
                homeDirectory: "/h")
        } throws: { error in
            String(describing: error).contains("MODEL_RUNNER_HOST: unsupported scheme 'gopher'")
        }
    }

    @Test func descriptionIsWhatUsersWrite() throws {
        #expect(try RunnerEndpoint(parsing: "localhost:12434").description == "http://localhost:12434")
        #expect(
            try RunnerEndpoint(parsing: "unix:///var/run/docker.sock").description
                == "unix:///var/run/docker.sock (path prefix /exp/vDD4.40)")
    }

    @Test func referencesKeepSlashesAndColonsInPaths() {
        #expect(
            PercentEncoding.encode("docker.io/ai/smollm2:latest", keeping: PercentEncoding.pathKeeps)
                == "docker.io/ai/smollm2:latest")
        #expect(
            PercentEncoding.encode("ai/x@sha256:ab", keeping: PercentEncoding.pathKeeps) == "ai/x@sha256:ab")
        #expect(PercentEncoding.encode("a b?c#d%", keeping: PercentEncoding.pathKeeps) == "a%20b%3Fc%23d%25")
        #expect(PercentEncoding.encode("a&b=c+d", keeping: PercentEncoding.queryValueKeeps) == "a%26b%3Dc%2Bd")
    }
}
