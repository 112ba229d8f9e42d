import Testing

@testable import ComposeLoading
@testable import ComposeModel
@testable import ModelBind

@Suite struct ProjectLoaderTests {
    static let basic = """
        services:
          app:
            image: app
            models: [llm]
        models:
          llm:
            model: ai/smollm2
        """

    @Test func discoversComposeFileAndOverride() throws {
        let project = try TemporaryProject([
            "compose.yaml": Self.basic,
            "compose.override.yaml": "models:\n  llm:\n    context_size: 4096\n",
            "docker-compose.yml": "services: {}\n",
        ])
        let result = project.analyze()
        let loaded = try #require(result.project)
        #expect(loaded.files == ["compose.yaml", "compose.override.yaml"])
        #expect(loaded.model("llm")?.contextSize == 4096)
        #expect(result.diagnostics.contains { $0.severity == .warning && $0.message.contains("docker-compose.yml") })
    }

    @Test func discoverySearchesParentDirectories() throws {
        let project = try TemporaryProject(["compose.yaml": Self.basic, "sub/dir/readme.txt": "x"])
        let loader = ProjectLoader(environment: [:], source: FileSource(currentDirectory: project.path("sub/dir")))
        let loaded = try loader.load(LoadOptions())
        #expect(loaded.workingDirectory == project.directory)
        #expect(loaded.files == [project.path("compose.yaml")])
    }

    @Test func missingComposeFileIsAnError() throws {
        let project = try TemporaryProject()
        let result = project.analyze()
        #expect(result.project == nil)
        #expect(result.diagnostics.first?.message.contains("no compose file found") == true)
    }

    @Test func filesFromComposeFileVariableWithSeparator() throws {
        let project = try TemporaryProject([
            "a.yaml": Self.basic,
            "b.yaml": "models:\n  llm:\n    model: ai/gemma3\n",
        ])
        let loaded = try project.loader(environment: ["COMPOSE_FILE": "a.yaml;b.yaml", "COMPOSE_PATH_SEPARATOR": ";"])
            .load(LoadOptions())
        #expect(loaded.files == ["a.yaml", "b.yaml"])
        #expect(loaded.model("llm")?.model == "ai/gemma3")
    }

    @Test func standardInputAsFile() throws {
        let project = try TemporaryProject()
        let loaded = try project.loader(stdin: Self.basic).load(LoadOptions(files: ["-"]))
        #expect(loaded.files == ["-"])
        #expect(loaded.bindings.map(\.modelKey) == ["llm"])
    }

    @Test(
        arguments: [
            (nil, nil, nil, "myapp"),
            ("explicit", nil, nil, "explicit"),
            (nil, "from-env", nil, "from-env"),
            (nil, nil, "from-file", "from-file"),
            (nil, "from-env", "from-file", "from-env"),
        ] as [(String?, String?, String?, String)])
    func projectNamePrecedence(flag: String?, variable: String?, fileName: String?, expected: String) throws {
        let project = try TemporaryProject([
            "My App/compose.yaml": (fileName.map { "name: \($0)\n" } ?? "") + Self.basic
        ])
        var environment: [String: String] = [:]
        if let variable { environment["COMPOSE_PROJECT_NAME"] = variable }
        let loaded = try project.loader(environment: environment)
            .load(LoadOptions(files: ["My App/compose.yaml"], projectName: flag))
        #expect(loaded.name == expected)
    }

    @Test(arguments: [("My App", "myapp"), ("__x.y-Z", "xy-z"), ("Proj_1", "proj_1")])
    func directoryNameIsNormalised(directory: String, expected: String) {
        #expect(ProjectName.normalize(directory) == expected)
    }

    /// Compose normalizes the name a file gives (`name: My App` is project `myapp`, found by the
    /// differential tests); only `-p` and COMPOSE_PROJECT_NAME must be valid as written.
    @Test(arguments: [("My App", "myapp"), ("\"-x\"", "x"), ("a.b", "ab"), ("\"${N:-Hello World}\"", "helloworld")])
    func fileProjectNameIsNormalised(written: String, expected: String) throws {
        let project = try TemporaryProject(["dir/compose.yaml": "name: \(written)\n" + Self.basic])
        let result = project.loader().analyze(LoadOptions(files: ["dir/compose.yaml"]))
        #expect(!result.hasErrors, "\(result.diagnostics)")
        #expect(result.project?.name == expected)
    }

    /// An empty `name:` leaves the directory's name; one with no letter or digit is refused, as Compose
    /// refuses it ("project name must not be empty").
    @Test func fileProjectNameWithNothingLeftIsAnError() throws {
        let empty = try TemporaryProject(["dir/compose.yaml": "name: \"\"\n" + Self.basic])
        #expect(try empty.loader().load(LoadOptions(files: ["dir/compose.yaml"])).name == "dir")
        let project = try TemporaryProject(["dir/compose.yaml": "name: \"__\"\n" + Self.basic])
        let result = project.loader().analyze(LoadOptions(files: ["dir/compose.yaml"]))
        let error = try #require(result.diagnostics.first { $0.code == "MB007" })
        #expect(error.severity == .error)
        #expect(error.message.contains("project name must not be empty"))
        #expect(error.location?.line == 1)
    }

    @Test func invalidExplicitProjectNameIsAnError() throws {
        let project = try TemporaryProject(["compose.yaml": Self.basic])
        let result = project.analyze(LoadOptions(projectName: "Bad Name"))
        #expect(result.diagnostics.contains { $0.code == "MB007" && $0.message.contains("not a valid project name") })
    }

    @Test func dotEnvAndProcessEnvironmentPrecedence() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                models: [llm]
            models:
              llm:
                model: ${MODEL}
                name: ${NAME}
            """,
            ".env": "MODEL=ai/from-dotenv\nNAME=chat\n",
        ])
        let fromFile = try project.loader().load(LoadOptions())
        #expect(fromFile.model("llm")?.model == "ai/from-dotenv")
        #expect(fromFile.model("llm")?.name == "chat")
        let fromProcess = try project.loader(environment: ["MODEL": "ai/from-process"]).load(LoadOptions())
        #expect(fromProcess.model("llm")?.model == "ai/from-process")
    }

    @Test func envFilesReplaceDotEnvAndLaterWins() throws {
        let project = try TemporaryProject([
            "compose.yaml":
                "services:\n  app:\n    image: ${IMAGE}\n    models: [llm]\nmodels:\n  llm:\n    model: ${MODEL}\n",
            ".env": "MODEL=ai/ignored\n",
            "one.env": "MODEL=ai/one\nIMAGE=img\n",
            "two.env": "MODEL=ai/two-${IMAGE}\n",
        ])
        let loaded = try project.loader().load(LoadOptions(envFiles: ["one.env", "two.env"]))
        #expect(loaded.model("llm")?.model == "ai/two-img")
    }

    @Test func unsetVariableWarnsOnceAndBecomesEmpty() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app:${TAG}
                environment:
                  A: ${TAG}
                models: [llm]
            models:
              llm:
                model: ai/x${TAG}
            """
        ])
        let result = project.analyze()
        let warnings = result.diagnostics.filter { $0.code == "MB003" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("\"TAG\" variable is not set") == true)
        #expect(warnings.first?.location == SourceLocation(file: "compose.yaml", line: 3, column: 12))
        #expect(result.project?.model("llm")?.model == "ai/x")
    }

    @Test func requiredVariableErrorIsAtTheScalar() throws {
        let project = try TemporaryProject([
            "compose.yaml":
                "services:\n  app:\n    image: app\nmodels:\n  llm:\n    model: \"${MODEL:?set MODEL first}\"\n"
        ])
        let result = project.analyze()
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.code == "MB002")
        #expect(error.message == "required variable MODEL is missing a value: set MODEL first")
        #expect(error.location == SourceLocation(file: "compose.yaml", line: 6, column: 12))
    }

    @Test func yamlErrorsCarryPosition() throws {
        let project = try TemporaryProject(["compose.yaml": "services:\n  app:\n    image: [a, b\n"])
        let result = project.analyze()
        let error = try #require(result.diagnostics.first)
        #expect(error.code == "MB001")
        #expect(error.location?.file == "compose.yaml")
        #expect((error.location?.line ?? 0) >= 3)
        #expect(result.project == nil)
    }

    @Test func duplicateKeyNamesTheFirstLine() throws {
        let project = try TemporaryProject(["compose.yaml": "services:\n  app:\n    image: a\n    image: b\n"])
        let error = try #require(project.analyze().diagnostics.first)
        #expect(error.message.contains("already defined at line 3"))
        #expect(error.location == SourceLocation(file: "compose.yaml", line: 4, column: 5))
    }

    @Test(arguments: [
        ("", "the compose file is empty"),
        ("# only a comment\n", "the compose file is empty"),
        ("just a scalar\n", "must be a mapping, not a string"),
        ("- a\n- b\n", "must be a mapping, not a list"),
        ("services:\n  - app\n", "`services` must be a mapping"),
        ("services:\n  app: nginx\n", "service \"app\" must be a mapping"),
    ])
    func structuralErrors(contents: String, message: String) throws {
        let project = try TemporaryProject(["compose.yaml": contents])
        let result = project.analyze()
        #expect(result.hasErrors)
        #expect(result.diagnostics.contains { $0.message.contains(message) }, "\(result.diagnostics)")
    }

    @Test func bindingsUseComposeDefaultNames() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                models:
                  embedding-model:
                  my.model:
                    endpoint_var: AI_URL
            models:
              embedding-model: {model: ai/mxbai-embed-large}
              my.model: {model: ai/smollm2}
            """
        ])
        let loaded = try project.loader().load(LoadOptions())
        let bindings = loaded.bindings
        #expect(bindings.map(\.endpointVariable) == ["EMBEDDING_MODEL_URL", "AI_URL"])
        #expect(bindings.map(\.modelVariable) == ["EMBEDDING_MODEL_MODEL", "MY.MODEL_MODEL"])
        #expect(bindings[1].hasExplicitEndpointVariable && !bindings[1].hasExplicitModelVariable)
        #expect(bindings[0].location == SourceLocation(file: "compose.yaml", line: 5, column: 7))
    }

    @Test func undefinedModelIsAnErrorAtTheBinding() throws {
        let project = try TemporaryProject([
            "compose.yaml":
                "services:\n  app:\n    image: app\n    models:\n      - lmm\nmodels:\n  llm:\n    model: ai/smollm2\n"
        ])
        let error = try #require(project.analyze().diagnostics.first { $0.code == "MB201" })
        #expect(error.message == "service \"app\" refers to undefined model \"lmm\"")
        #expect(error.hint?.contains("Did you mean \"llm\"") == true)
        #expect(error.location == SourceLocation(file: "compose.yaml", line: 5, column: 9))
    }

    @Test func schemaErrorsInModelDefinitions() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                models: [a, b, c, d]
            models:
              a:
                modle: ai/x
              b:
                model: 12
                context_size: big
              c:
                model: ai/c
                runtime_flags: --temp
              d:
                model: ai/d
                runtime_flags: ["--seed", 1]
            """
        ])
        let diagnostics = project.analyze().diagnostics.filter { $0.severity == .error }
        let summary = diagnostics.map { "\($0.code)@\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
        #expect(
            summary == [
                "MB102@6:3", "MB101@7:5", "MB102@9:12", "MB103@10:19", "MB104@13:20", "MB104@16:31",
            ]
        )
        #expect(diagnostics[1].hint == "Did you mean `model`?")
    }

    /// Compose 2.40.3 casts no interpolated value under `models:`: "models.m.context_size must be a integer".
    @Test func contextSizeFromInterpolationIsRefusedAsComposeRefusesIt() throws {
        let project = try TemporaryProject([
            "compose.yaml":
                "services:\n  app:\n    image: app\n    models: [m]\nmodels:\n  m:\n    model: ai/m\n    context_size: ${CTX:-4096}\n"
        ])
        let errors = project.analyze().diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == ["MB103"])
        #expect(errors.first?.location?.line == 8)
        #expect(errors.first?.message.contains("models.m.context_size must be a integer") == true)
    }

    @Test func profilesSelectActiveServicesAndModels() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app: {image: app, models: [chat]}
              judge: {image: j, profiles: [eval], models: [judge]}
            models:
              chat: {model: ai/chat}
              judge: {model: ai/judge}
              spare: {model: ai/spare}
            """
        ])
        let plain = try project.loader().load(LoadOptions())
        #expect(plain.activeServices == ["app"])
        #expect(plain.activeModels.map(\.key) == ["chat"])
        let withProfile = try project.loader().load(LoadOptions(profiles: ["eval"]))
        #expect(withProfile.activeModels.map(\.key) == ["chat", "judge"])
        let fromVariable = try project.loader(environment: ["COMPOSE_PROFILES": "eval"]).load(LoadOptions())
        #expect(fromVariable.activeServices == ["app", "judge"])
        let all = try project.loader().load(LoadOptions(allResources: true))
        #expect(all.activeModels.map(\.key) == ["chat", "judge", "spare"])
    }

    @Test func positionalServicesIncludeDependencies() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              web: {image: w, depends_on: [api], models: [a]}
              api: {image: a, depends_on: {db: {condition: service_started}}, models: [b]}
              db: {image: d}
              other: {image: o, models: [c]}
            models:
              a: {model: ai/a}
              b: {model: ai/b}
              c: {model: ai/c}
            """
        ])
        let loaded = try project.loader().load(LoadOptions(services: ["web"]))
        #expect(loaded.activeServices == ["web", "api", "db"])
        #expect(loaded.activeModels.map(\.key) == ["a", "b"])
        let unknown = project.analyze(LoadOptions(services: ["nope"]))
        #expect(unknown.diagnostics.contains { $0.message == "no such service: nope" })
    }

    @Test func multipleFilesMergeModelsAndFlags() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                models: [llm]
            models:
              llm:
                model: ai/smollm2
                runtime_flags: ["--temp", "0.2"]
            """,
            "override.yaml": """
            services:
              app:
                image: app
                models:
                  llm:
                    endpoint_var: AI_URL
                  embed:
            models:
              llm:
                context_size: 8192
                runtime_flags: ["--top-k", "40"]
              embed:
                model: ai/embed
            """,
        ])
        let loaded = try project.loader().load(LoadOptions(files: ["compose.yaml", "override.yaml"]))
        let llm = try #require(loaded.model("llm"))
        #expect(llm.runtimeFlags == ["--temp", "0.2", "--top-k", "40"])
        #expect(llm.contextSize == 8192)
        #expect(llm.location?.file == "override.yaml")
        #expect(loaded.bindings.map(\.endpointVariable) == ["AI_URL", "EMBED_URL"])
    }

    @Test func resetAndOverrideTags() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                models: [llm, extra]
            models:
              llm:
                model: ai/smollm2
                runtime_flags: ["--temp", "0.2"]
              extra: {model: ai/extra}
            """,
            "override.yaml": """
            services:
              app:
                models: !override [llm]
            models:
              llm:
                runtime_flags: !override ["--top-k", "40"]
              extra: !reset
            """,
        ])
        let loaded = try project.loader().load(LoadOptions(files: ["compose.yaml", "override.yaml"]))
        #expect(loaded.model("llm")?.runtimeFlags == ["--top-k", "40"])
        #expect(loaded.model("extra") == nil)
        #expect(loaded.bindings.map(\.modelKey) == ["llm"])
    }

    @Test func includeImportsServicesAndModels() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            include:
              - lib/models.yaml
              - path: agents/compose.yaml
                env_file: agents/agent.env
            services:
              app: {image: app, models: [llm]}
            """,
            "lib/models.yaml": "models:\n  llm:\n    model: ai/smollm2\n",
            "agents/compose.yaml":
                "services:\n  agent:\n    image: agent\n    models: [planner]\nmodels:\n  planner:\n    model: ai/${PLANNER}\n",
            "agents/agent.env": "PLANNER=qwen3\n",
        ])
        let loaded = try project.loader().load(LoadOptions())
        #expect(loaded.services.sorted() == ["agent", "app"])
        #expect(loaded.model("planner")?.model == "ai/qwen3")
        #expect(loaded.activeModels.map(\.key).sorted() == ["llm", "planner"])
    }

    @Test func includeCycleIsAnError() throws {
        let project = try TemporaryProject([
            "compose.yaml": "include: [a.yaml]\nservices: {}\n",
            "a.yaml": "include: [compose.yaml]\n",
        ])
        let error = try #require(project.analyze().diagnostics.first { $0.code == "MB006" })
        #expect(error.message.contains("include cycle"))
        #expect(error.location?.file == "a.yaml")
    }

    @Test func extendsMergesServiceModels() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              base: {image: base, models: [llm]}
              app:
                extends: base
                models:
                  embed:
              remote:
                extends:
                  file: common/services.yaml
                  service: tooling
            models:
              llm: {model: ai/llm}
              embed: {model: ai/embed}
              judge: {model: ai/judge}
            """,
            "common/services.yaml":
                "services:\n  tooling:\n    image: tool\n    models: [judge]\nmodels:\n  ignored: {model: ai/ignored}\n",
        ])
        let loaded = try project.loader().load(LoadOptions())
        #expect(loaded.bindings.filter { $0.service == "app" }.map(\.modelKey) == ["llm", "embed"])
        #expect(loaded.bindings.filter { $0.service == "remote" }.map(\.modelKey) == ["judge"])
        #expect(loaded.model("ignored") == nil)
        #expect(loaded.serviceTree("remote")?["image"]?.string == "tool")
    }

    @Test func extendsUnknownServiceAndCycle() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              a: {image: a, extends: b}
              b: {image: b, extends: a}
              c: {image: c, extends: nope}
            """
        ])
        let messages = project.analyze().diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("extends cycle") })
        #expect(messages.contains { $0.contains("extends \"nope\", which is not defined") })
    }

    @Test func mergeKeysAndAnchorsWork() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            x-base: &base
              image: app
              models: [llm]
            services:
              one:
                <<: *base
              two:
                <<: *base
                image: other
            models:
              llm: {model: ai/smollm2}
            """
        ])
        let loaded = try project.loader().load(LoadOptions())
        #expect(loaded.bindings.map(\.service) == ["one", "two"])
        #expect(loaded.serviceTree("two")?["image"]?.string == "other")
    }

    @Test func composeVariablesMayComeFromDotEnv() throws {
        let project = try TemporaryProject([
            "stack/base.yaml": "services:\n  app: {image: a, models: [chat]}\nmodels:\n  chat: {model: ai/chat}\n",
            "stack/eval.yaml":
                "services:\n  judge: {image: j, profiles: [eval], models: [judge]}\nmodels:\n  judge: {model: ai/judge}\n",
            ".env":
                "COMPOSE_FILE=stack/base.yaml:stack/eval.yaml\nCOMPOSE_PROFILES=eval\nCOMPOSE_PROJECT_NAME=from-dotenv\n",
        ])
        let loaded = try project.loader().load(LoadOptions())
        #expect(loaded.files == ["stack/base.yaml", "stack/eval.yaml"])
        #expect(loaded.activeModels.map(\.key) == ["chat", "judge"])
        #expect(loaded.name == "from-dotenv")
    }

    @Test func projectDirectoryChoosesDotEnvAndTheDefaultName() throws {
        let project = try TemporaryProject([
            "files/compose.yaml": "services:\n  app: {image: a, models: [m]}\nmodels:\n  m: {model: \"${MODEL}\"}\n",
            "files/.env": "MODEL=ai/from-file-dir\n",
            "Work Dir/.env": "MODEL=ai/from-project-dir\n",
        ])
        let byFile = try project.loader().load(LoadOptions(files: ["files/compose.yaml"]))
        #expect(byFile.model("m")?.model == "ai/from-file-dir")
        #expect(byFile.name == "files")
        let byFlag = try project.loader().load(LoadOptions(files: ["files/compose.yaml"], projectDirectory: "Work Dir"))
        #expect(byFlag.model("m")?.model == "ai/from-project-dir")
        #expect(byFlag.name == "workdir")
        #expect(byFlag.workingDirectory == project.path("Work Dir"))
    }
}
