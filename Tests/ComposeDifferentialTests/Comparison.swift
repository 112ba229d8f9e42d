import Foundation

/// The verdict on one case.
enum Verdict: Sendable {
    /// Both accept and load the same, or both refuse.
    case agreement(accepted: Bool)
    /// Compose accepts, modelbind refuses with documented deviation codes only (everything it did
    /// load agreeing).
    case deviation(Set<String>)
    case disagreement([String])

    var problems: [String] {
        if case .disagreement(let problems) = self { return problems }
        return []
    }
}

/// Compares the two outcomes of a case (docs/compose-compatibility.md):
/// - Compose refuses → `validate` reports an error at file:line:column, and `config` and `env` exit 1;
/// - Compose accepts → `config` loads the same models (fields) and bindings for the same active
///   services, `env` the same `*_URL`/`*_MODEL` names and values Compose put in each container's
///   `Env`, and the models Compose pulled and configured are the ones modelbind would;
///   modelbind refusing is allowed only with a documented deviation's code.
enum Comparison {
    static func compare(_ testCase: DifferentialCase, compose: ComposeOutcome, modelbind: ModelBindOutcome) -> Verdict {
        var problems: [String] = []
        let validation: ValidationView
        do {
            validation = try ValidationView(modelbind.validate.stdout)
        } catch {
            return .disagreement(["modelbind validate: \(error)\n\(modelbind.validate)"])
        }

        guard compose.accepted else {
            let composeError = (compose.create?.stderr ?? compose.config.stderr).trimmingCharacters(
                in: .whitespacesAndNewlines)
            if modelbind.validate.status != 1 {
                problems.append(
                    "Compose refuses (\(composeError)) but modelbind validate exits \(modelbind.validate.status): "
                        + "\(validation.findings)")
            } else if !validation.errors.contains(where: { $0.file != nil && $0.line != nil && $0.column != nil }),
                // A project name from -p or COMPOSE_PROJECT_NAME, or a file named by -f or
                // COMPOSE_FILE that is missing, has no place in a file.
                !validation.errors.allSatisfy({ $0.code == "MB007" || $0.code == "MB004" })
            {
                problems.append(
                    "Compose refuses (\(composeError)); modelbind validate's errors have no file:line:column: "
                        + "\(validation.errors)")
            }
            if modelbind.config.status != 1 {
                problems.append(
                    "Compose refuses (\(composeError)) but modelbind config exits \(modelbind.config.status)")
            }
            if modelbind.env.status != 1 {
                problems.append("Compose refuses (\(composeError)) but modelbind env exits \(modelbind.env.status)")
            }
            return problems.isEmpty ? .agreement(accepted: false) : .disagreement(problems)
        }

        // Compose accepts. Whatever modelbind refuses must be a documented deviation.
        var refusedWith: Set<String> = []
        if modelbind.validate.status != 0 {
            refusedWith.formUnion(validation.errors.map(\.code))
            if validation.errors.isEmpty {
                problems.append("modelbind validate exits \(modelbind.validate.status) without errors")
            }
        }
        for (command, output) in [("config", modelbind.config), ("env", modelbind.env)] where output.status != 0 {
            let codes = diagnosticCodes(inHumanOutput: output.stderr)
            if codes.isEmpty {
                problems.append("Compose accepts but modelbind \(command) exits \(output.status):\n\(output.stderr)")
            }
            refusedWith.formUnion(codes)
        }
        let undocumented = refusedWith.subtracting(DocumentedDeviation.codes)
        if !undocumented.isEmpty {
            let shown = validation.errors.filter { undocumented.contains($0.code) }
            let extra = [modelbind.config, modelbind.env].filter { $0.status != 0 }.map(\.stderr).joined()
            problems.append(
                "Compose accepts but modelbind refuses with \(undocumented.sorted()): "
                    + (shown.isEmpty ? extra : shown.map(\.description).joined(separator: "; ")))
        }
        if let expected = testCase.expectedDeviations {
            let unexpected = refusedWith.intersection(DocumentedDeviation.codes).subtracting(expected)
            if !unexpected.isEmpty {
                problems.append(
                    "modelbind refuses with \(unexpected.sorted()), a deviation this case was not written to show: "
                        + validation.errors.filter { unexpected.contains($0.code) }.map(\.description)
                        .joined(separator: "; "))
            }
            if testCase.mustDeviate && refusedWith.isDisjoint(with: expected) {
                problems.append(
                    "modelbind accepts what this case was written to show as a deviation (\(expected.sorted()))")
            }
        }

        // What both loaded.
        var composeView: ProjectView?
        do {
            composeView = try ProjectView(composeConfig: compose.config.stdout)
        } catch {
            problems.append("\(error)")
        }
        if modelbind.config.status == 0, let composeView {
            do {
                let view = try ProjectView(modelbindConfig: modelbind.config.stdout)
                problems += differences(compose: composeView, modelbind: view)
                problems += runnerCalls(compose: compose, modelbind: view)
            } catch {
                problems.append("\(error)")
            }
        }
        if modelbind.env.status == 0 {
            do {
                let variables = try environmentView(modelbindEnv: modelbind.env.stdout)
                problems += environmentDifferences(compose: compose, composeView: composeView, modelbind: variables)
            } catch {
                problems.append("\(error)")
            }
        }
        if !compose.unhandledEngineRequests.isEmpty {
            problems.append("the fake engine could not answer \(compose.unhandledEngineRequests)")
        }
        if !problems.isEmpty { return .disagreement(problems) }
        return refusedWith.isEmpty ? .agreement(accepted: true) : .deviation(refusedWith)
    }

    /// Differences between the two `config` views.
    static func differences(compose: ProjectView, modelbind: ProjectView) -> [String] {
        var problems: [String] = []
        if compose.name != modelbind.name {
            problems.append(
                "project name: Compose \(compose.name.debugDescription), modelbind \(modelbind.name.debugDescription)")
        }
        for key in Set(compose.models.keys).union(modelbind.models.keys).sorted() {
            let left = compose.models[key]
            let right = modelbind.models[key]
            if left != right {
                problems.append(
                    "model \(key.debugDescription): Compose \(left.map(\.description) ?? "absent"), "
                        + "modelbind \(right.map(\.description) ?? "absent")")
            }
        }
        let services = Set(compose.services.keys).union(modelbind.services.keys)
        for service in services.sorted() {
            guard let left = compose.services[service], let right = modelbind.services[service] else {
                problems.append(
                    "service \(service.debugDescription) is active in \(compose.services[service] == nil ? "modelbind" : "Compose") only"
                )
                continue
            }
            if left != right {
                problems.append(
                    "bindings of \(service.debugDescription): Compose \(left.sorted { $0.key < $1.key }), "
                        + "modelbind \(right.sorted { $0.key < $1.key })")
            }
        }
        return problems
    }

    /// The models Compose had the plugin pull and configure, against what modelbind would provision.
    static func runnerCalls(compose: ComposeOutcome, modelbind: ProjectView) -> [String] {
        var problems: [String] = []
        let expectedPulls = modelbind.models.values.map(\.model).sorted()
        if compose.pulls.sorted() != expectedPulls {
            problems.append("pulled: Compose \(compose.pulls.sorted()), modelbind's models \(expectedPulls)")
        }
        let expectedConfigures = modelbind.models.values.map { model -> [String] in
            var arguments: [String] = []
            if let size = model.contextSize, size > 0 { arguments += ["--context-size", String(size)] }
            arguments.append(model.model)
            if !model.runtimeFlags.isEmpty { arguments += ["--"] + model.runtimeFlags }
            return arguments
        }
        let key = { (arguments: [String]) in arguments.joined(separator: "\u{1}") }
        if compose.configures.map(key).sorted() != expectedConfigures.map(key).sorted() {
            problems.append(
                "configured: Compose \(compose.configures.sorted { key($0) < key($1) }), "
                    + "modelbind's models \(expectedConfigures.sorted { key($0) < key($1) })")
        }
        return problems
    }

    /// The variables from bindings in each container's `Env` against `modelbind env`.
    static func environmentDifferences(
        compose: ComposeOutcome, composeView: ProjectView?, modelbind: [String: [String: String]]
    ) -> [String] {
        var problems: [String] = []
        let services = Set(compose.containers.keys).union(modelbind.keys)
        for service in services.sorted() {
            var names = Set(modelbind[service]?.keys.map { $0 } ?? [])
            for binding in composeView?.services[service]?.values.map({ $0 }) ?? [] {
                names.insert(binding.endpointVariable)
                names.insert(binding.modelVariable)
            }
            let containers = compose.containers[service] ?? []
            let injected = containers.map { environment -> [String: String] in
                var values: [String: String] = [:]
                for item in environment {
                    let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    let name = String(parts[0])
                    if names.contains(name) { values[name] = parts.count > 1 ? String(parts[1]) : "" }
                }
                return values
            }
            if let first = injected.first, injected.contains(where: { $0 != first }) {
                problems.append("the containers of \(service.debugDescription) differ: \(injected)")
            }
            let left = injected.first ?? [:]
            let right = modelbind[service] ?? [:]
            if left != right {
                problems.append(
                    "variables of \(service.debugDescription): Compose \(left.sorted { $0.key < $1.key }), "
                        + "modelbind \(right.sorted { $0.key < $1.key })")
            }
        }
        return problems
    }
}
