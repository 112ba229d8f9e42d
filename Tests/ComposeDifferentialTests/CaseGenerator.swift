import Foundation

/// A deterministic generator of compose projects (SplitMix64 from a fixed seed): the same seed gives
/// the same cases on every machine. Each case draws one scenario in turn (interpolation, env files,
/// merges, include, extends, profiles, bindings, odd keys, scale 0, context sizes, inputs Compose
/// refuses, documented deviations) and random details within it.
enum CaseGenerator {
    static let defaultCount = 336
    static let seed: UInt64 = 0x6d6f_6465_6c62_696e

    static func cases(count: Int, seed: UInt64) -> [DifferentialCase] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let scenario = Scenario.allCases[index % Scenario.allCases.count]
            var builder = ProjectBuilder(random: SplitMix64(seed: random.next()))
            var testCase = builder.build(scenario)
            testCase.name = String(format: "g%03d-", index) + scenario.rawValue
            return testCase
        }
    }

    enum Scenario: String, CaseIterable {
        case interpolation
        case envFiles = "env-files"
        case merge, include, extends, profiles, bindings, keys, scale
        case contextSize = "context-size"
        case yamlForms = "yaml-forms"
        case composeVariables = "compose-variables"
        case refused, deviation
    }
}

/// SplitMix64: small, fast and the same everywhere.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `count` distinct items in a random order.
    mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        var pool = items
        var out: [T] = []
        while out.count < count, !pool.isEmpty { out.append(pool.remove(at: below(pool.count))) }
        return out
    }
}

/// Builds one project: models and services as YAML lines, plus files, options and variables.
private struct ProjectBuilder {
    var random: SplitMix64

    struct Model {
        var key: String
        /// The YAML text of the key (quoted when needed).
        var keyText: String
        var lines: [String]
    }

    struct Binding {
        var key: String
        var keyText: String
        /// Lines under the binding (`endpoint_var: X`); nil: short syntax or a null value.
        var lines: [String]?
    }

    struct Service {
        var name: String
        var lines: [String] = []
        var bindings: [Binding] = []
        var shortSyntax = false
    }

    var files: [String: String] = [:]
    var arguments: [String] = []
    var environment: [String: String] = [:]
    var dotEnv: [String] = []
    var allowed: Set<String> = []
    var mustDeviate = false

    static let keys = [
        "llm", "embedder", "my-model", "Mixed_Case", "ai.model", "m2", "chat-v2.1", "UPPER", "a_b-c", "x9",
    ]
    static let references = [
        "ai/smollm2", "ai/qwen3:8B-Q4_K_M", "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF", "ai/mxbai-embed-large",
        "docker.io/ai/gemma3:4B-Q4_0", "ai/smollm2:360M-Q4_K_M", "ai/llama3.2:latest",
    ]
    static let flagSets: [[String]] = [
        ["--temp", "0.5"], ["--threads", "4"], ["--top-k", "40"], ["--seed=-1"], ["--top-p=0.9"],
        ["--temp", "0.2", "--top-k", "20"], ["--repeat-penalty", "1.1"],
    ]

    init(random: SplitMix64) { self.random = random }

    static func quoted(_ text: String) -> String { ConformanceCases.quoted(text) }

    /// A model key as YAML: plain when it is safe, quoted otherwise.
    static func keyText(_ key: String) -> String {
        let plain = key.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
        return plain && !(key.first?.isNumber ?? true) ? key : quoted(key)
    }

    // MARK: Pieces

    mutating func model(_ key: String, reference: String? = nil) -> Model {
        var lines = ["model: \(reference ?? random.pick(Self.references))"]
        if random.chance(25) { lines.append("name: \(Self.quoted("the " + key))") }
        if random.chance(35) { lines.append("context_size: \(random.pick([512, 2048, 4096, 8192, 32768]))") }
        if random.chance(35) {
            lines.append("runtime_flags: [\(random.pick(Self.flagSets).map(Self.quoted).joined(separator: ", "))]")
        }
        if random.chance(10) { lines.append("x-notes: \(Self.quoted("extension field"))") }
        return Model(key: key, keyText: Self.keyText(key), lines: lines)
    }

    /// A binding in short or long syntax; long syntax with explicit, empty or absent names.
    mutating func binding(_ key: String, service: String) -> Binding {
        let prefix = ComposeNaming.prefix(key).replacingOccurrences(of: ".", with: "_")
        switch random.below(6) {
        case 0, 1: return Binding(key: key, keyText: Self.keyText(key), lines: nil)
        case 2: return Binding(key: key, keyText: Self.keyText(key), lines: ["endpoint_var: \(prefix)_ENDPOINT"])
        case 3:
            return Binding(
                key: key, keyText: Self.keyText(key),
                lines: ["model_var: \(service.uppercased())_\(prefix)_NAME"])
        case 4:
            return Binding(
                key: key, keyText: Self.keyText(key),
                lines: ["endpoint_var: \(prefix)_BASE_URL", "model_var: \(prefix)_ID"])
        default:
            return Binding(
                key: key, keyText: Self.keyText(key),
                lines: [
                    random.pick(["endpoint_var: \"\"", "model_var: \"\"", "endpoint_var: \"\"\n  model_var: \"\""])
                ]
                .flatMap { $0.components(separatedBy: "\n  ") })
        }
    }

    mutating func service(_ name: String, binding keys: [String]) -> Service {
        var service = Service(name: name)
        service.lines.append("image: \(random.pick(["app", "ghcr.io/example/\(name):1.0", "busybox"]))")
        service.bindings = keys.map { binding($0, service: name) }
        service.shortSyntax = service.bindings.allSatisfy { $0.lines == nil } && random.chance(60)
        if random.chance(15), let first = service.bindings.first {
            // A user value Compose overwrites.
            let name =
                first.lines?.first { $0.hasPrefix("endpoint_var: ") && !$0.hasSuffix("\"\"") }
                .map { String($0.dropFirst("endpoint_var: ".count)) } ?? ComposeNaming.prefix(first.key) + "_URL"
            service.lines.append("environment:\n  \(name): user-value\n  KEEP: kept")
        }
        return service
    }

    static func render(services: [Service], models: [Model], top: [String] = []) -> String {
        var text = top.map { $0 + "\n" }.joined()
        if !services.isEmpty {
            text += "services:\n"
            for service in services {
                text += "  \(service.name):\n"
                for line in service.lines { text += indent(line, by: 4) }
                guard !service.bindings.isEmpty else { continue }
                if service.shortSyntax {
                    text += "    models: [\(service.bindings.map(\.keyText).joined(separator: ", "))]\n"
                } else {
                    text += "    models:\n"
                    for binding in service.bindings {
                        text += "      \(binding.keyText):\n"
                        for line in binding.lines ?? [] { text += indent(line, by: 8) }
                    }
                }
            }
        }
        if !models.isEmpty {
            text += "models:\n"
            for model in models {
                text += "  \(model.keyText):\n"
                for line in model.lines { text += indent(line, by: 4) }
            }
        }
        return text
    }

    static func indent(_ line: String, by count: Int) -> String {
        let pad = String(repeating: " ", count: count)
        return line.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 + "\n" }.joined()
    }

    /// A random ordinary project: 1–3 models, 1–3 services binding some of them.
    mutating func ordinary(keys pool: [String] = ProjectBuilder.keys) -> (services: [Service], models: [Model]) {
        let keys = random.sample(pool, 1 + random.below(3))
        let models = keys.map { model($0) }
        let names = random.sample(["app", "web", "worker", "agent", "api"], 1 + random.below(3))
        var services = names.map { name in service(name, binding: random.sample(keys, 1 + random.below(keys.count))) }
        if random.chance(20) { services.append(Service(name: "db", lines: ["image: postgres:17"])) }
        return (services, models)
    }

    mutating func finish(_ scenario: CaseGenerator.Scenario) -> DifferentialCase {
        if !dotEnv.isEmpty { files[".env"] = dotEnv.joined(separator: "\n") + "\n" }
        var testCase = DifferentialCase(
            name: scenario.rawValue, origin: .generated, files: files, arguments: arguments, environment: environment,
            expectedDeviations: allowed)
        testCase.mustDeviate = mustDeviate
        return testCase
    }

    // MARK: Scenarios

    mutating func build(_ scenario: CaseGenerator.Scenario) -> DifferentialCase {
        switch scenario {
        case .interpolation: interpolation()
        case .envFiles: envFiles()
        case .merge: merge()
        case .include: include()
        case .extends: extends()
        case .profiles: profiles()
        case .bindings: bindings()
        case .keys: keys()
        case .scale: scale()
        case .contextSize: contextSize()
        case .yamlForms: yamlForms()
        case .composeVariables: composeVariables()
        case .refused: refused()
        case .deviation: deviation()
        }
        return finish(scenario)
    }

    /// Sets `name` to `value` in the process environment, `.env`, both (the process wins) or nowhere.
    mutating func define(_ name: String, _ value: String) {
        switch random.below(5) {
        case 0, 1: environment[name] = value
        case 2: dotEnv.append("\(name)=\(Self.dotEnvQuoted(value))")
        case 3:
            environment[name] = value
            dotEnv.append("\(name)=from-dotenv")
        default: break
        }
    }

    static func dotEnvQuoted(_ value: String) -> String {
        value.contains(" ") || value.contains("#") || value.contains("$") ? "'\(value)'" : value
    }

    /// A template over `name` in one of Compose's forms, with `fallback` as default or alternative.
    mutating func template(_ name: String, _ fallback: String) -> String {
        random.pick([
            "${\(name)}", "${\(name):-\(fallback)}", "${\(name)-\(fallback)}", "${\(name):+\(fallback)}",
            "${\(name)+\(fallback)}", "$\(name)", "${\(name):-${\(name)_ALT:-\(fallback)}}",
            "${\(name)?set \(name)}", "${\(name):?set \(name) please}",
        ])
    }

    mutating func interpolation() {
        var (services, models) = ordinary()
        for index in models.indices {
            let variable = "REF_\(index)"
            let reference = random.pick(Self.references)
            define(variable, reference)
            if random.chance(30) { define(variable + "_ALT", random.pick(Self.references)) }
            if random.chance(50) {
                models[index].lines[0] = "model: \(Self.quoted(template(variable, reference)))"
            } else {
                // Interpolation inside a reference: ai/${NAME:-smollm2}:${TAG-latest}
                define("TAG_\(index)", random.pick(["latest", "360M-Q4_K_M", ""]))
                models[index].lines[0] =
                    "model: \(Self.quoted("ai/${NAME_\(index):-smollm2}:" + template("TAG_\(index)", "latest")))"
                if random.chance(50) { define("NAME_\(index)", random.pick(["qwen3", "gemma3"])) }
            }
            if random.chance(40) {
                define("LABEL_\(index)", random.pick(["Chat model", "a $ sign", "100%"]))
                models[index].lines.append(
                    "name: \(Self.quoted(random.pick(["cost: $$5 ", "${LABEL_\(index)-none} $$HOME ", "$$"]) + template("LABEL_\(index)", "label")))"
                )
            }
        }
        if random.chance(40), var first = services.first, !first.bindings.isEmpty, !first.shortSyntax {
            define("EP_VAR", random.pick(["OPENAI_BASE_URL", "LLM_ENDPOINT"]))
            first.bindings[0].lines = ["endpoint_var: \(Self.quoted(template("EP_VAR", "MY_ENDPOINT")))"]
            services[0] = first
        }
        if random.chance(30) {
            define("IMAGE", "ghcr.io/example/app:2")
            services[0].lines[0] = "image: \(Self.quoted("${IMAGE:-app}"))"
        }
        files["compose.yaml"] = Self.render(services: services, models: models)
        allowed = ["MB401"]  // a template may leave `model:` empty or not a reference
    }

    mutating func envFiles() {
        var (services, models) = ordinary()
        models[0].lines[0] = "model: \(Self.quoted("${MODEL_REF:-ai/smollm2}"))"
        models[0].lines.append("name: \(Self.quoted("${ENV_MY_URL:-none}|${ENV_HOSTNAME-unset}"))")
        let a = [
            "ENV_HOSTNAME=prod.example.com", random.pick(["MODEL_REF=ai/from-a", "export MODEL_REF=ai/from-a"]),
            "ENV_MY_URL=http://from-a  # a comment",
        ]
        let b = [
            random.pick([
                "ENV_HOSTNAME=dev.example.com", "ENV_HOSTNAME: dev.example.com", "ENV_HOSTNAME='dev.example.com'",
            ]),
            random.pick([
                "ENV_MY_URL=\"http://${ENV_HOSTNAME}\"", "ENV_MY_URL=http://${ENV_HOSTNAME}/v1",
                "ENV_MY_URL='http://${ENV_HOSTNAME}'", "ENV_MY_URL=\"${ENV_HOSTNAME:-fallback}:${PORT:-12434}\"",
            ]),
        ]
        let c = [random.pick(["MODEL_REF=${MODEL_REF}-c", "MODEL_REF=\"ai/${ENV_HOSTNAME}\"", "OTHER=1"])]
        files["a.env"] = a.joined(separator: "\n") + "\n"
        files["b.env"] = b.joined(separator: "\n") + "\n"
        files["c.env"] = c.joined(separator: "\n") + "\n"
        dotEnv = ["MODEL_REF=ai/from-dotenv", "ENV_HOSTNAME=dotenv.example"]
        switch random.below(5) {
        case 0: break  // .env only
        case 1: arguments = ["--env-file", "a.env", "--env-file", "b.env"]
        case 2: arguments = ["--env-file", "b.env"]
        case 3: arguments = ["--env-file", "a.env", "--env-file", "b.env", "--env-file", "c.env"]
        default: arguments = ["--env-file", "c.env", "--env-file", "a.env"]
        }
        if random.chance(30) { environment["ENV_HOSTNAME"] = "os.example" }
        if random.chance(20) { environment["MODEL_REF"] = "ai/from-os" }
        if random.chance(30), !services[0].shortSyntax {
            files["app.env"] = "LLM_URL=from-env-file\nFROM_ENV_FILE=1\n"
            services[0].lines.append(
                random.pick([
                    "env_file: app.env", "env_file: [app.env]",
                    "env_file:\n  - path: missing.env\n    required: false\n  - app.env",
                ]))
        }
        files["compose.yaml"] = Self.render(services: services, models: models)
        allowed = ["MB401"]
    }

    mutating func merge() {
        var (services, models) = ordinary()
        var override: [String] = []
        var overrideModels: [String] = []
        let target = models[random.below(models.count)]
        switch random.below(6) {
        case 0: overrideModels = ["  \(target.keyText):", "    context_size: 16384"]
        case 1: overrideModels = ["  \(target.keyText):", "    runtime_flags: [\"--top-k\", \"10\"]"]
        case 2: overrideModels = ["  \(target.keyText):", "    runtime_flags: !override [\"--seed=1\"]"]
        case 3: overrideModels = ["  \(target.keyText):", "    runtime_flags: !reset []"]
        case 4: overrideModels = ["  \(target.keyText): !override", "    model: ai/replaced"]
        default: overrideModels = ["  \(target.keyText):", "    model: ai/overridden", "    name: overridden"]
        }
        if random.chance(20) {
            // The model disappears while a service may still bind it: Compose refuses then.
            overrideModels = ["  \(target.keyText): !reset {}"]
        }
        let service = services[random.below(services.count)]
        switch random.below(6) {
        case 0: break
        case 1: override = ["  \(service.name):", "    models: !override [\(target.keyText)]"]
        case 2: override = ["  \(service.name):", "    models: !reset []"]
        case 3:
            models.append(model("extra"))
            override = ["  \(service.name):", "    models: [extra]"]
        case 4:
            override = [
                "  \(service.name):", "    models:", "      \(target.keyText):", "        model_var: OVERRIDE_MODEL",
            ]
        default: override = ["  \(service.name):", "    models:", "      \(target.keyText):"]
        }
        var text = ""
        if !override.isEmpty { text += "services:\n" + override.joined(separator: "\n") + "\n" }
        if !overrideModels.isEmpty { text += "models:\n" + overrideModels.joined(separator: "\n") + "\n" }
        if text.isEmpty { text = "services: {}\n" }
        files["compose.yaml"] = Self.render(services: services, models: models)
        if random.chance(50) {
            files["compose.override.yaml"] = text
        } else {
            files["prod.yaml"] = text
            arguments = ["-f", "compose.yaml", "-f", "prod.yaml"]
            if random.chance(25) { arguments += ["-f", "compose.yaml"] }  // the base again: flags twice
        }
        _ = services
    }

    mutating func include() {
        var (services, models) = ordinary()
        let shared = models[0]
        var included = shared
        var top: [String] = []
        switch random.below(4) {
        case 0: break  // identical definition
        case 1: included = model(shared.key, reference: "ai/included")  // different: Compose refuses
        case 2:
            // Defined only in the included file.
            models.removeFirst()
        default:
            included.lines[0] = "model: \(Self.quoted("${INC_REF:-ai/inc-default}"))"
            models.removeFirst()
        }
        var worker = service("inc-worker", binding: [shared.key])
        worker.lines[0] = "image: worker"
        files["inc/compose.yaml"] = Self.render(services: [worker], models: [included])
        switch random.below(3) {
        case 0: top = ["include:", "  - inc/compose.yaml"]
        case 1:
            files["inc/inc.env"] = "INC_REF=ai/from-inc-env\n"
            top = ["include:", "  - path: inc/compose.yaml", "    env_file: inc/inc.env"]
        default:
            files["inc/.env"] = "INC_REF=ai/from-inc-dotenv\n"
            top = ["include:", "  - path: inc/compose.yaml", "    project_directory: inc"]
        }
        if random.chance(30) { environment["INC_REF"] = "ai/from-os" }
        if !services[0].bindings.contains(where: { $0.key == shared.key }) {
            services[0].bindings.append(Binding(key: shared.key, keyText: shared.keyText, lines: nil))
        }
        files["compose.yaml"] = Self.render(services: services, models: models, top: top)
    }

    mutating func extends() {
        let (_, models) = ordinary()
        let keys = models.map(\.key)
        var base = service("base", binding: [keys[0]])
        base.lines[0] = "image: base-image"
        var child = Service(name: "app")
        child.lines = [random.pick(["extends: base", "extends:\n  service: base"])]
        if keys.count > 1, random.chance(60) { child.bindings = [binding(keys[1], service: "app")] }
        if random.chance(40) {
            child.bindings.append(
                Binding(key: keys[0], keyText: Self.keyText(keys[0]), lines: ["model_var: CHILD_MODEL"]))
        }
        var services = [base, child]
        if random.chance(50) {
            var common = service("common", binding: [keys[0]])
            common.lines = ["image: common-image"]
            files["common/common.yaml"] = Self.render(services: [common], models: [])
            var fromFile = Service(name: "remote")
            fromFile.lines = ["extends:\n  file: common/common.yaml\n  service: common"]
            if random.chance(40), keys.count > 1 { fromFile.bindings = [binding(keys[1], service: "remote")] }
            services.append(fromFile)
        }
        files["compose.yaml"] = Self.render(services: services, models: models)
    }

    mutating func profiles() {
        var (services, models) = ordinary()
        for index in services.indices where random.chance(60) {
            services[index].lines.append(
                "profiles: [\(random.sample(["p1", "p2", "debug"], 1 + random.below(2)).joined(separator: ", "))]")
        }
        if random.chance(50) { environment["COMPOSE_PROFILES"] = random.pick(["p1", "p1,p2", "debug", "*", "p2,"]) }
        if random.chance(50) {
            arguments = random.pick([
                ["--profile", "p1"], ["--profile", "p2", "--profile", "debug"], ["--profile", "*"],
            ])
        }
        if random.chance(20) { arguments += ["--all-resources"] }
        if random.chance(20) { models.append(model("unused")) }
        if random.chance(20) {
            // A dependency on a service profiles may leave out.
            let other = services[services.count - 1].name
            if other != services[0].name { services[0].lines.append("depends_on: [\(other)]") }
        }
        files["compose.yaml"] = Self.render(services: services, models: models)
    }

    mutating func bindings() {
        var (services, models) = ordinary()
        if random.chance(40) {
            // Block-style list with the same keys.
            services[0].shortSyntax = false
            services[0].bindings = services[0].bindings.map { Binding(key: $0.key, keyText: $0.keyText, lines: nil) }
        }
        if random.chance(30) {
            services[0].bindings.append(
                Binding(
                    key: models[0].key, keyText: models[0].keyText, lines: nil))
            // A duplicate item: Compose's schema requires unique items (refused), as a mapping key twice (YAML error).
            services[0].shortSyntax = random.chance(50)
        }
        if random.chance(30) { services[0].lines.append("scale: 2") }
        if random.chance(20) { arguments = ["--all-resources"] }
        if random.chance(20) { arguments += ["-p", random.pick(["custom-project", "My App", "x_1"])] }
        files["compose.yaml"] = Self.render(services: services, models: models)
    }

    mutating func keys() {
        let odd = [
            "my-model", "ai.model", "Mixed_Case", "MODEL-2", "v1.2-beta", "_private", "a-b-c", "llm_", "42abc", "9",
            "x[0]", "Upper-Lower.dot",
        ]
        var (services, models) = ordinary(keys: odd)
        if random.chance(20) {
            // An integer key: Compose refuses non-string keys.
            models.append(Model(key: "123", keyText: "123", lines: ["model: ai/smollm2"]))
            services[0].bindings.append(Binding(key: "123", keyText: "\"123\"", lines: nil))
        }
        if random.chance(25) {
            // Keys YAML may resolve to something else: `yes` and `on` stay strings in YAML 1.2, `true`,
            // `null` and `1.5` do not.
            let key = random.pick(["yes", "on", "off", "true", "null", "1.5", "0x1F", "~"])
            models.append(Model(key: key, keyText: key, lines: ["model: ai/smollm2"]))
            services[0].shortSyntax = false
            services[0].bindings.append(Binding(key: key, keyText: Self.quoted(key), lines: nil))
        }
        if random.chance(20) {
            // The same key as a string is fine.
            models.append(Model(key: "456", keyText: "\"456\"", lines: ["model: ai/smollm2"]))
            services[0].bindings.append(Binding(key: "456", keyText: "\"456\"", lines: nil))
        }
        files["compose.yaml"] = Self.render(services: services, models: models)
    }

    mutating func scale() {
        var (services, models) = ordinary()
        let index = random.below(services.count)
        services[index].lines.append(
            random.pick([
                "scale: 0", "deploy:\n  replicas: 0", "scale: 3", "deploy:\n  replicas: 2", "scale: 1", "scale: \"0\"",
                "scale: 0\ndeploy:\n  replicas: 2", "scale: 2\ndeploy:\n  replicas: 0", "deploy:\n  mode: global",
            ]))
        if random.chance(25) {
            files["compose.override.yaml"] =
                "services:\n  \(services[index].name):\n    scale: \(random.pick(["0", "1"]))\n"
        }
        if random.chance(20) { models.append(model("spare")) }
        files["compose.yaml"] = Self.render(services: services, models: models)
    }

    mutating func contextSize() {
        var (services, models) = ordinary()
        let forms = [
            "4096", "0", "-1", "\"4096\"", "${CTX}", "${CTX:-4096}", "0x100", "0o17", "010", "+12", "1_000", "4096.0",
            "1e3", "~", "9223372036854775807", "'2048'", "!!int \"512\"", "[4096]",
        ]
        let form = random.pick(forms)
        if form.contains("CTX"), random.chance(60) { environment["CTX"] = "8192" }
        models[0].lines.removeAll { $0.hasPrefix("context_size") }
        models[0].lines.append("context_size: \(form)")
        _ = services
        files["compose.yaml"] = Self.render(services: services, models: models)
    }

    /// The same projects written with anchors, merge keys, flow style, several documents, CRLF line
    /// ends or a byte-order mark.
    mutating func yamlForms() {
        let (services, models) = ordinary()
        var text = Self.render(services: services, models: models)
        switch random.below(7) {
        case 0:
            // A shared model definition through an anchor and a merge key.
            text = "x-base: &base\n  context_size: 2048\n  runtime_flags: [\"--temp\", \"0.1\"]\n" + text
            text += "  anchored:\n    <<: *base\n    model: ai/anchored\n"
            text = text.replacingOccurrences(
                of: "services:\n  \(services[0].name):\n",
                with: "services:\n  \(services[0].name):\n    x-uses: anchored\n")
            text += "  merged:\n    <<: [*base]\n    model: ai/merged\n    context_size: 16\n"
            text = text.replacingOccurrences(
                of: "image: ", with: "labels: {a: b}\n    image: ", options: [], range: nil)
            files["compose.yaml"] = text
            files["compose.override.yaml"] =
                "services:\n  \(services[0].name):\n    models: [anchored, merged]\n"
            return
        case 1: text = text.replacingOccurrences(of: "\n", with: "\r\n")
        case 2: text = "\u{FEFF}" + text
        case 3:
            // Flow style throughout the models.
            let flow = models.map { model in
                "\(model.keyText): {\(model.lines.filter { !$0.contains("\n") }.joined(separator: ", "))}"
            }
            text = Self.render(services: services, models: []) + "models: {\(flow.joined(separator: ", "))}\n"
        case 4:
            // Two documents in one file.
            text = Self.render(services: services, models: []) + "---\n" + Self.render(services: [], models: models)
        case 5:
            // An alias for a whole binding list.
            text = "x-models: &bound [\(models.map(\.keyText).joined(separator: ", "))]\n" + text
            text += "  # comment at the end\n"
            text = text.replacingOccurrences(
                of: "services:\n", with: "services:\n  aliased:\n    image: app\n    models: *bound\n")
        default:
            // Quoted keys and values of every style.
            text = text.replacingOccurrences(of: "model: ", with: "\"model\": ")
            text = text.replacingOccurrences(of: "image: app", with: "image: 'app'")
        }
        files["compose.yaml"] = text
    }

    /// COMPOSE_FILE, COMPOSE_PATH_SEPARATOR, COMPOSE_PROFILES and COMPOSE_PROJECT_NAME, from the
    /// environment or `.env`, and `--project-directory`.
    mutating func composeVariables() {
        var (services, models) = ordinary()
        services[0].lines.append("profiles: [extra]")
        files["base.yaml"] = Self.render(services: services, models: models)
        let target = models[0]
        files["more.yaml"] = "models:\n  \(target.keyText):\n    context_size: 1234\n"
        var variables: [String: String] = [:]
        switch random.below(4) {
        case 0: variables["COMPOSE_FILE"] = "base.yaml:more.yaml"
        case 1:
            variables["COMPOSE_FILE"] = "base.yaml;more.yaml"
            variables["COMPOSE_PATH_SEPARATOR"] = ";"
        case 2: variables["COMPOSE_FILE"] = "base.yaml"
        default: arguments = ["-f", "base.yaml", "-f", "more.yaml"]
        }
        if random.chance(50) { variables["COMPOSE_PROFILES"] = random.pick(["extra", "other", "extra,other"]) }
        if random.chance(40) { variables["COMPOSE_PROJECT_NAME"] = random.pick(["from-variable", "Bad Name", "p_1"]) }
        for (name, value) in variables {
            if random.chance(50) { environment[name] = value } else { dotEnv.append("\(name)=\(value)") }
        }
        if random.chance(25) {
            // The project directory elsewhere: .env and relative paths are read there.
            var moved: [String: String] = [:]
            for (path, contents) in files { moved["proj/" + path] = contents }
            files = moved
            arguments = ["--project-directory", "proj"] + arguments.map { $0.hasSuffix(".yaml") ? "proj/" + $0 : $0 }
            if !dotEnv.isEmpty {
                files["proj/.env"] = dotEnv.joined(separator: "\n") + "\n"
                dotEnv = []
            }
        }
    }

    /// Inputs Compose refuses (and a few near misses it accepts).
    mutating func refused() {
        var (services, models) = ordinary()
        switch random.below(12) {
        case 0: services[0].bindings.append(Binding(key: "missing", keyText: "missing", lines: nil))
        case 1: services[0].lines.removeFirst()  // neither image nor build
        case 2: models[0].lines.append("image: ai/smollm2")  // unknown model key
        case 3: models[0].lines.append("runtime_flags: [\"--threads\", 4]")
        case 4: models[0].lines[0] = "model: \"${REQUIRED_REF:?set REQUIRED_REF}\""
        case 5: services[0].lines.append("depends_on: [ghost]")
        case 6: services[0].lines.append("env_file: missing.env")
        case 7: models[0].lines.append("name: 2")
        case 8: models[0].lines = ["context_size: 4096"]  // no model
        case 9:
            services[0].shortSyntax = false
            services[0].bindings[0].lines = ["endpoint_var: 12"]
        case 10: services[0].lines.append("build: .")  // image and build: fine
        default: services[0].bindings[0].lines = ["unknown_var: X"]
        }
        files["compose.yaml"] = Self.render(services: services, models: models)
    }

    /// modelbind's documented deviations: Compose accepts, modelbind refuses.
    mutating func deviation() {
        var (services, models) = ordinary()
        mustDeviate = true
        switch random.below(7) {
        case 0:
            models.append(model("second"))
            let name = services[0].bindings[0].key
            services[0].shortSyntax = false
            services[0].bindings.append(
                Binding(
                    key: "second", keyText: "second",
                    lines: [
                        "endpoint_var: \(ComposeNaming.prefix(name).replacingOccurrences(of: ".", with: "_"))_X",
                        "model_var: SHARED_MODEL",
                    ]))
            services[0].bindings[0].lines = [
                "endpoint_var: \(ComposeNaming.prefix(name).replacingOccurrences(of: ".", with: "_"))_X",
                "model_var: SHARED_MODEL",
            ]
            allowed = ["MB303"]
        case 1:
            models.append(Model(key: "x-llm", keyText: "x-llm", lines: ["model: ai/smollm2"]))
            services[0].bindings.append(Binding(key: "x-llm", keyText: "x-llm", lines: nil))
            allowed = ["MB106"]
        case 2:
            let key = random.pick(["my model", "modèle", "straße", "chat:v2"])
            models.append(model(key))
            services[0].bindings.append(Binding(key: key, keyText: Self.quoted(key), lines: nil))
            allowed = ["MB106"]
        case 3:
            models[0].lines.removeAll { $0.hasPrefix("runtime_flags") }
            models[0].lines.append(
                "runtime_flags: \(random.pick(["[\"--ctxsize\", \"4096\"]", "[\"--model\", \"x\"]", "[\"--log-file=out.log\"]"]))"
            )
            allowed = ["MB501"]
        case 4:
            models[0].lines[0] = "model: \(random.pick(["\"\"", "\"${UNSET_REF}\""]))"
            allowed = ["MB401"]
        case 5:
            services[0].shortSyntax = false
            services[0].bindings[0].lines = ["endpoint_var: \(Self.quoted(random.pick(["LLM URL", "LLM=URL", "ÜRL"])))"]
            allowed = ["MB301"]
        default:
            models[0].lines.removeAll { $0.hasPrefix("runtime_flags") }
            models[0].lines.append(
                "runtime_flags: \(random.pick(["[\"--seed\", \"-1\"]", "[\"--chat-template\", \"a/b.jinja\"]", "[\"--temp=-.5\"]"]))"
            )
            allowed = ["MB501", "MB502", "MB503", "MB506"]
        }
        files["compose.yaml"] = Self.render(services: services, models: models)
    }
}
