import Testing

@testable import ComposeLoading
@testable import ComposeModel

/// Differences from Docker Compose v2.40.3 that the differential tests (Tests/ComposeDifferentialTests)
/// found, each pinned here without the compose binary.
@Suite("Compose fidelity")
struct ComposeFidelityTests {
    static func project(_ binding: String) -> String {
        """
        services:
          app:
            image: app
            models:
              llm:
        \(binding)
        models:
          llm:
            model: ai/smollm2

        """
    }

    /// `endpoint_var: LLM=URL` loaded, and `env` wrote the name `LLM=URL`, where Compose's container gets
    /// `LLM=URL=<endpoint>` (the variable LLM). Every command now refuses a name no env file can hold.
    @Test(arguments: ["LLM=URL", "LLM URL", "MODÈLE_URL", "A\\tB"])
    func explicitNamesNoEnvFileCanHoldAreLoadingErrors(_ name: String) throws {
        let project = try TemporaryProject(["compose.yaml": Self.project("        endpoint_var: \"\(name)\"")])
        let result = project.loader().analyze(LoadOptions())
        let error = try #require(result.diagnostics.first { $0.code == Rule.invalidVariableName.code })
        #expect(error.severity == .error)
        #expect(error.message.contains("Compose would inject it as written"))
        #expect(error.location?.line == 6)
        #expect(error.location?.column == 23)
    }

    @Test func equalsSignSaysWhatComposeSets() throws {
        let project = try TemporaryProject(["compose.yaml": Self.project("        endpoint_var: LLM=URL")])
        let error = try #require(project.loader().analyze(LoadOptions()).diagnostics.first { $0.code == "MB301" })
        #expect(error.message.contains("sets LLM to \"URL=...\""))
    }

    @Test(arguments: ["LLM_URL", "my.var", "a-b", "x[0]"])
    func holdableExplicitNamesLoad(_ name: String) throws {
        let project = try TemporaryProject(["compose.yaml": Self.project("        endpoint_var: \"\(name)\"")])
        let loaded = try project.loader().load(LoadOptions())
        #expect(loaded.bindings.first?.endpointVariable == name)
    }
}

/// `context_size` as Compose 2.40.3 takes it: JSON Schema's "integer" admits a float with no
/// fraction (`4096.0`, `1e3`, `!!float 12`), which Go then converts (`1e20` overflows to
/// -9223372036854775808); modelbind refused them all (MB103).
@Suite("Compose fidelity: context_size")
struct ContextSizeFidelityTests {
    static func project(_ size: String) -> String {
        "services:\n  app:\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n    context_size: \(size)\n"
    }

    @Test(arguments: [("4096.0", 4096), ("1e3", 1000), ("!!float 12", 12), ("12.", 12), ("1.5e3", 1500)])
    func integralFloatsAreIntegers(_ written: String, _ expected: Int) throws {
        let project = try TemporaryProject(["compose.yaml": Self.project(written)])
        let loaded = try project.loader().load(LoadOptions())
        #expect(loaded.models.first?.contextSize == expected)
    }

    @Test(arguments: ["1e20", "-0.0"])
    func floatsGoConvertsToNothingPositiveAreIgnoredSizes(_ written: String) throws {
        let project = try TemporaryProject(["compose.yaml": Self.project(written)])
        let result = project.loader().analyze(LoadOptions())
        #expect(!result.hasErrors, "\(result.diagnostics)")
        #expect(result.diagnostics.map(\.code) == ["MB108"])
        #expect((result.project?.models.first?.contextSize ?? 1) <= 0)
    }

    @Test(arguments: ["4096.5", ".inf", ".nan", "\"4096\""])
    func otherNumbersAndStringsAreRefused(_ written: String) throws {
        let project = try TemporaryProject(["compose.yaml": Self.project(written)])
        let result = project.loader().analyze(LoadOptions())
        #expect(result.diagnostics.map(\.code) == ["MB103"])
    }
}

/// Nulls where Compose's schema wants a value were read as if the key were absent. compose-go
/// validates the project merged so far after each file, so a null in the first file is refused
/// whatever follows, while a later file's null over a value keeps the value.
@Suite("Compose fidelity: nulls")
struct NullFidelityTests {
    static let base = "services:\n  app:\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n"

    @Test(
        arguments: [
            ("services: ~\n", "MB005", "services must be a mapping"),
            ("services:\n  app:\n    image: app\nmodels: ~\n", "MB005", "models must be a mapping"),
            ("services:\n  app:\n    image: app\n    models: ~\n", "MB105", "services.app.models must be a array"),
            ("services:\n  app:\n    image: app\n    profiles:\n", "MB005", "services.app.profiles must be a array"),
            (
                "services:\n  app:\n    image: app\n    depends_on: ~\n", "MB005",
                "services.app.depends_on must be a array"
            ),
            ("services:\n  app:\n    image: app\n    env_file: ~\n", "MB005", "services.app.env_file must be a string"),
            (base + "    context_size: ~\n", "MB103", "models.llm.context_size must be a integer"),
            (base + "    runtime_flags:\n", "MB104", "models.llm.runtime_flags must be a array"),
            (base + "    name: ~\n", "MB107", "models.llm.name must be a string"),
            (
                "services:\n  app:\n    image: app\n    models: [llm]\nmodels:\n  llm: ~\n", "MB102",
                "models.llm must be a mapping"
            ),
            (
                "services:\n  app:\n    image: app\n    models:\n      llm:\n        model_var: ~\nmodels:\n  llm:\n    model: ai/x\n",
                "MB105", "services.app.models.llm.model_var must be a string"
            ),
        ])
    func nullsComposeRefusesAreErrors(_ text: String, _ code: String, _ composeMessage: String) throws {
        let project = try TemporaryProject(["compose.yaml": text])
        let result = project.loader().analyze(LoadOptions())
        let error = try #require(result.diagnostics.first { $0.code == code }, "\(result.diagnostics)")
        #expect(error.severity == .error)
        #expect(error.message.contains("Compose refuses it (\(composeMessage))"))
        #expect(error.location != nil)
    }

    @Test func laterNullOverAValueKeepsIt() throws {
        let project = try TemporaryProject([
            "compose.yaml": Self.base + "    context_size: 10\n",
            "override.yaml": "models:\n  llm:\n    context_size:\n    model: ~\n",
        ])
        let loaded = try project.loader().load(LoadOptions(files: ["compose.yaml", "override.yaml"]))
        #expect(loaded.models.first?.contextSize == 10)
        #expect(loaded.models.first?.model == "ai/x")
    }

    @Test func laterNullOverNothingIsAnErrorInThatFile() throws {
        let project = try TemporaryProject([
            "compose.yaml": Self.base, "override.yaml": "models:\n  llm:\n    runtime_flags: ~\n",
        ])
        let result = project.loader().analyze(LoadOptions(files: ["compose.yaml", "override.yaml"]))
        let error = try #require(result.diagnostics.first { $0.code == "MB104" })
        #expect(error.location?.file == "override.yaml")
        #expect(error.location?.line == 3)
    }

    @Test func firstFileNullIsAnErrorEvenWhenALaterFileSetsIt() throws {
        let project = try TemporaryProject([
            "compose.yaml": "services:\n  app:\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ~\n",
            "override.yaml": "models:\n  llm:\n    model: ai/y\n",
        ])
        let result = project.loader().analyze(LoadOptions(files: ["compose.yaml", "override.yaml"]))
        let error = try #require(result.diagnostics.first { $0.code == "MB102" })
        #expect(error.location?.file == "compose.yaml")
    }

    @Test func nullBindingsAndExtensionsAreFine() throws {
        let project = try TemporaryProject([
            "compose.yaml":
                "services:\n  app:\n    image: app\n    models:\n      llm:\n        x-note: ~\nmodels:\n  llm:\n    model: ai/x\n    x-foo: ~\n  x-bar: ~\n"
        ])
        let result = project.loader().analyze(LoadOptions())
        #expect(!result.hasErrors, "\(result.diagnostics)")
    }
}

/// compose-go's consistency check on `scale` and `deploy.replicas`, which modelbind did not make:
/// "can't set distinct values on 'scale' and 'deploy.replicas'".
@Suite("Compose fidelity: scale")
struct ScaleFidelityTests {
    static func project(_ settings: String) -> String {
        "services:\n  app:\n    image: app\n\(settings)    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n"
    }

    @Test(arguments: [
        "    scale: 0\n    deploy:\n      replicas: 2\n", "    scale: \"2\"\n    deploy:\n      replicas: 0\n",
    ])
    func distinctScaleAndReplicasAreRefused(_ settings: String) throws {
        let project = try TemporaryProject(["compose.yaml": Self.project(settings)])
        let result = project.loader().analyze(LoadOptions())
        let error = try #require(result.diagnostics.first { $0.code == Rule.consistency.code })
        #expect(error.message.contains("can't set distinct values on 'scale' and 'deploy.replicas'"))
        #expect(error.location?.line == 4)
    }

    @Test func anOverrideMakesThemDistinct() throws {
        let project = try TemporaryProject([
            "compose.yaml": Self.project("    scale: 0\n    deploy:\n      replicas: 0\n"),
            "compose.override.yaml": "services:\n  app:\n    scale: 1\n",
        ])
        let result = project.loader().analyze(LoadOptions())
        #expect(result.diagnostics.contains { $0.code == Rule.consistency.code })
    }

    @Test func equalValuesLoad() throws {
        let project = try TemporaryProject([
            "compose.yaml": Self.project("    scale: \"0\"\n    deploy:\n      replicas: 0\n")
        ])
        let loaded = try project.loader().load(LoadOptions())
        #expect(loaded.servicesWithoutContainers == ["app"])
    }
}

/// COMPOSE_FILE names files relative to the current directory (compose-go makes them absolute
/// there), also when `--project-directory` points elsewhere; modelbind resolved them against the
/// project directory.
@Suite("Compose fidelity: COMPOSE_FILE")
struct ComposeFileFidelityTests {
    @Test func composeFileIsRelativeToTheCurrentDirectory() throws {
        let project = try TemporaryProject([
            "proj/.env": "COMPOSE_FILE=proj/base.yaml\n",
            "proj/base.yaml":
                "services:\n  app:\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n",
        ])
        let loaded = try project.loader().load(LoadOptions(projectDirectory: "proj"))
        #expect(loaded.files == ["proj/base.yaml"])
        #expect(loaded.bindings.map(\.modelKey) == ["llm"])
    }

    @Test func aPathRelativeToTheProjectDirectoryOnlyIsNotFound() throws {
        let project = try TemporaryProject([
            "proj/.env": "COMPOSE_FILE=base.yaml\n",
            "proj/base.yaml": "services:\n  app:\n    image: app\n",
        ])
        let result = project.loader().analyze(LoadOptions(projectDirectory: "proj"))
        let missing = result.diagnostics.first { $0.code == Rule.file.code && $0.severity == .error }
        #expect(missing?.message == "file not found: base.yaml")
        // The hint names where COMPOSE_FILE was set and what its paths are relative to.
        #expect(missing?.hint?.contains("COMPOSE_FILE (set in the .env file)") == true)
        #expect(missing?.hint?.contains("current directory") == true)
    }
}
