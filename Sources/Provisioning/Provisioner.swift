import ComposeModel
import ModelBindSupport
import ModelRunnerClient

/// Pulls and configures a project's models through a ``RunnerClient``: plan, presence checks,
/// bounded parallel pulls with retries, `_configure` with read-back, events, and a report.
///
/// Retry rules (``RunnerErrorKind/mayRecover(status:)``, the one place they are decided): refused
/// connections, 503, 502/504 from a proxy, and 409 from `_configure` are retried with exponential
/// backoff and jitter; a 500 (the runner's own verdict) and any other 4xx never are.
/// Once stream bytes have arrived a pull is retried only when the stream was cut (connection broken,
/// or ended with neither `success`, `error` nor any text): DMR resumes the download from its partial
/// blobs. An `error` line, an over-long line or a stall is final. `_configure` answering 409 (busy)
/// is retried with ``ProvisionOptions/busyRetry``; 500 (flag rejected) is final.
public struct Provisioner: Sendable {
    public let client: RunnerClient
    public let options: ProvisionOptions
    /// Waits between retries; injectable so tests do not wait real seconds.
    public let sleep: @Sendable (Duration) async throws -> Void
    /// Jitter source, 0..<1.
    public let random: @Sendable () -> Double
    /// The clock used for durations in the report.
    public let now: @Sendable () -> ContinuousClock.Instant

    public init(
        client: RunnerClient,
        options: ProvisionOptions = ProvisionOptions(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.client = client
        self.options = options
        self.sleep = sleep
        self.random = random
        self.now = now
    }

    /// Provisions `models` (normally `project.activeModels`) and reports what was done.
    ///
    /// Never throws: every failure is in the report. Cancelling the calling task cancels in-flight
    /// requests (closing their connections, so the runner stops the pulls) and the report marks
    /// unfinished models `cancelled`.
    public func run(
        _ models: [ModelDefinition],
        events: @escaping @Sendable (ProvisionEvent) -> Void = { _ in }
    ) async -> ProvisionReport {
        let started = now()
        let plan = models.map {
            ProvisionPlanItem(
                key: $0.key, model: $0.model, contextSize: $0.contextSize, runtimeFlags: $0.runtimeFlags,
                configures: $0.needsConfiguration)
        }
        events(.planned(plan))
        let ledger = ProvisionLedger(models: models, startedAt: started)
        let groups = Self.group(models)
        for group in groups where Set(group.definitions.map(\.configuration)).count > 1 {
            let keys = group.definitions.map(\.key).joined(separator: ", ")
            events(
                .warning(
                    key: nil,
                    message: "models \(keys) use the same model '\(group.model)' with different context_size or "
                        + "runtime_flags; the runner keeps one configuration per model, so the last one applied wins"))
        }

        var timedOut = false
        if let timeout = options.timeout {
            timedOut = await withTaskGroup(of: Bool.self) { taskGroup in
                taskGroup.addTask {
                    await self.work(groups, ledger: ledger, events: events)
                    return false
                }
                taskGroup.addTask {
                    do {
                        try await Task.sleep(for: timeout)
                        return true
                    } catch {
                        return false
                    }
                }
                let first = await taskGroup.next() ?? false
                taskGroup.cancelAll()
                return first
            }
        } else {
            await work(groups, ledger: ledger, events: events)
        }

        let cancelled = Task.isCancelled && !timedOut
        var report = ledger.report(dryRun: options.dryRun, now: now())
        report.cancelled = cancelled
        report.timedOut = timedOut
        if timedOut, let timeout = options.timeout {
            let text = "timed out after \(RunnerClient.seconds(timeout)) (--timeout)"
            for index in report.entries.indices where report.entries[index].outcome == .cancelled {
                report.entries[index].outcome = .failed
                report.entries[index].message = text
                events(.failed(key: report.entries[index].key, model: report.entries[index].model, message: text))
            }
            report.message = report.message ?? "provisioning " + text
        }
        events(.finished(report))
        return report
    }

    // MARK: - Work

    /// Definitions sharing one model reference: pulled once, configured each.
    struct Group: Sendable {
        var model: String
        var definitions: [ModelDefinition]
    }

    static func group(_ models: [ModelDefinition]) -> [Group] {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for model in models {
            if let position = index[model.model] {
                groups[position].definitions.append(model)
            } else {
                index[model.model] = groups.count
                groups.append(Group(model: model.model, definitions: [model]))
            }
        }
        return groups
    }

    private func work(_ groups: [Group], ledger: ProvisionLedger, events: @escaping @Sendable (ProvisionEvent) -> Void)
        async
    {
        guard !groups.isEmpty, await reachRunner(ledger: ledger, events: events) else { return }
        if options.checkOnly {
            await Self.forEach(groups.flatMap(\.definitions), limit: options.parallel) { definition in
                await self.verify(definition, ledger: ledger, events: events)
            }
            return
        }
        // Phase 1: presence (read-only). Skipped for `--pull always` unless this is a dry run.
        var presence: [String: Bool] = [:]
        if options.pull != .always || options.dryRun {
            let checks = Locked<[String: Bool]>([:])
            let fatal = Locked<String?>(nil)
            await Self.forEach(groups, limit: options.parallel) { group in
                guard fatal.withLock({ $0 }) == nil else { return }
                for definition in group.definitions { events(.checking(key: definition.key, model: group.model)) }
                do {
                    let info = try await self.check(group, events: events)
                    checks.withLock { $0[group.model] = info != nil }
                    ledger.update(group) {
                        $0.wasPresent = info != nil
                        $0.sizeText = info?.size
                    }
                    for definition in group.definitions {
                        events(
                            info != nil
                                ? .present(key: definition.key, model: group.model)
                                : .missing(key: definition.key, model: group.model))
                    }
                } catch is CancellationError {
                    return
                } catch let error as ModelPresenceError {
                    if error.kind == .unreachable || error.kind == .runnerNotRunning {
                        fatal.withLock { $0 = $0 ?? error.description }
                    }
                    self.fail(group, message: error.description, ledger: ledger, events: events)
                } catch {
                    self.fail(group, message: String(describing: error), ledger: ledger, events: events)
                }
            }
            if let message = fatal.withLock({ $0 }) {
                ledger.failUnfinished(message: message)
                ledger.setMessage(message)
                return
            }
            presence = checks.withLock { $0 }
        }
        if Task.isCancelled { return }

        let missing = groups.filter { presence[$0.model] == false }
        if options.pull == .never, !missing.isEmpty {
            let names = missing.map(\.model)
            for group in missing {
                fail(
                    group, message: "'\(group.model)' is not present and --pull never forbids pulling it",
                    ledger: ledger, events: events)
            }
            ledger.setMessage(
                "\(names.count) model\(names.count == 1 ? " is" : "s are") missing and --pull never forbids pulling: "
                    + names.joined(separator: ", "))
            ledger.failUnfinished(message: "not provisioned: other models are missing and --pull never is set")
            return
        }

        if options.dryRun {
            for group in groups {
                let present = presence[group.model] ?? false
                let pulls = !present || options.pull == .always
                for definition in group.definitions {
                    var actions: [String] = []
                    if pulls { actions.append(present ? "pull again (--pull always)" : "pull") }
                    if definition.needsConfiguration { actions.append("configure") }
                    ledger.update(key: definition.key) {
                        $0.outcome = present ? .present : .missing
                        $0.message = actions.isEmpty ? "nothing to do" : "would " + actions.joined(separator: " and ")
                        $0.duration = self.now() - ledger.startedAt
                    }
                }
            }
            return
        }

        // Phase 2: pull and configure, at most `parallel` models at once.
        let pending = groups.filter { ledger.isUnfinished($0) }
        let present = presence
        await Self.forEach(pending, limit: options.parallel) { group in
            await self.provision(
                group, needsPull: self.options.pull == .always || present[group.model] != true,
                ledger: ledger, events: events)
        }
    }

    private func check(_ group: Group, events: @escaping @Sendable (ProvisionEvent) -> Void) async throws
        -> RunnerModelInfo?
    {
        var attempt = 1
        while true {
            do {
                return try await client.inspect(group.model)
            } catch let error as ModelPresenceError {
                guard error.kind.mayRecover(status: error.status), options.retry.allowsRetry(after: attempt) else {
                    throw error
                }
                try await backOff(group, attempt: &attempt, policy: options.retry, reason: error.description, events)
            }
        }
    }

    private func provision(
        _ group: Group, needsPull: Bool, ledger: ProvisionLedger, events: @escaping @Sendable (ProvisionEvent) -> Void
    ) async {
        let groupStart = now()
        if needsPull {
            do {
                var result = try await pull(group, ledger: ledger, events: events)
                // Verify, don't trust: the runner must now list the model. DMR writes a cached
                // pull's `success` line before it adds the tag, and two pulls of one model under
                // two spellings at once can lose a tag; one more pull puts it right.
                var listed = try await listedAfterPull(group.model)
                if listed == .absent {
                    result = try await pull(group, ledger: ledger, events: events)
                    listed = try await listedAfterPull(group.model)
                }
                if listed == .absent {
                    fail(
                        group,
                        message: "the runner said '\(group.model)' was pulled (\(result.message)) but does not list it "
                            + "(GET /models/{ref} answers 404); run provision again, or check the runner's logs",
                        ledger: ledger, events: events)
                    return
                }
                // SIZE is the runner's own figure for the model, whatever the pull reported: a
                // fresh pull counts layer bytes, a cached one none at all.
                let size = if case .listed(let info) = listed { info.size } else { String?.none }
                ledger.update(group) {
                    if let size { $0.sizeText = size }
                    $0.pulled = true
                    $0.outcome = .pulled
                    $0.bytes = result.totalBytes
                    $0.message = result.message
                    $0.duration = self.now() - groupStart
                }
                for warning in result.warnings {
                    events(.warning(key: group.definitions[0].key, message: "runner: \(warning)"))
                    ledger.update(group) { $0.warnings.append("runner: \(warning)") }
                }
                if !result.ignoredLines.isEmpty {
                    let text =
                        "ignored \(result.ignoredLines.count) unreadable line(s) from the runner, first: "
                        + result.ignoredLines[0]
                    events(.warning(key: group.definitions[0].key, message: text))
                    ledger.update(group) { $0.warnings.append(text) }
                }
                for definition in group.definitions {
                    events(
                        .pullFinished(
                            key: definition.key, model: group.model, bytes: result.totalBytes, message: result.message))
                }
            } catch is CancellationError {
                // Cancelled: the entry keeps the bytes the pull had and the time it ran.
                ledger.update(group) { $0.duration = self.now() - groupStart }
                return
            } catch {
                fail(group, message: String(describing: error), ledger: ledger, events: events)
                return
            }
        } else {
            ledger.update(group) {
                $0.outcome = .present
                $0.duration = self.now() - groupStart
            }
        }
        for definition in group.definitions where definition.needsConfiguration {
            if Task.isCancelled { return }
            await configure(definition, ledger: ledger, events: events)
            ledger.update(key: definition.key) { $0.duration = self.now() - groupStart }
        }
    }

    /// What `GET /models/{ref}` says after a pull.
    enum Listing: Equatable {
        case listed(RunnerModelInfo)
        case absent
        /// The runner could not be asked (not a verdict on the model).
        case unknown
    }

    /// Polls `GET /models/{ref}` for up to about 2 s until the runner lists the model.
    private func listedAfterPull(_ model: String) async throws -> Listing {
        for attempt in 0..<40 {
            if attempt > 0 { try await sleep(.milliseconds(50)) }
            do {
                if let info = try await client.inspect(model) { return .listed(info) }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return .unknown
            }
        }
        return .absent
    }

    private func pull(
        _ group: Group, ledger: ProvisionLedger, events: @escaping @Sendable (ProvisionEvent) -> Void
    ) async throws -> PullResult {
        let keys = group.definitions.map(\.key)
        let model = group.model
        var attempt = 1
        while true {
            for key in keys { events(.pullStarted(key: key, model: model, attempt: attempt)) }
            do {
                return try await client.pull(model, stallTimeout: options.stallTimeout) { update in
                    guard case .progress(let done, let total) = update else { return }
                    ledger.update(group) { $0.bytes = done }
                    for key in keys { events(.progress(key: key, model: model, done: done, total: total)) }
                }
            } catch let error as PullError {
                guard error.isRetryable, options.retry.allowsRetry(after: attempt) else { throw error }
                try await backOff(group, attempt: &attempt, policy: options.retry, reason: error.description, events)
            }
        }
    }

    private func configure(
        _ definition: ModelDefinition, ledger: ProvisionLedger, events: @escaping @Sendable (ProvisionEvent) -> Void
    ) async {
        let request = Self.configureRequest(definition)
        let group = Group(model: definition.model, definitions: [definition])
        events(.configuring(key: definition.key, model: definition.model))
        var attempt = 1
        while true {
            do {
                try await client.configure(request, backend: options.backend)
                break
            } catch is CancellationError {
                return
            } catch let error as ConfigureError {
                // Busy (409 while the model loads) waits on its own, longer schedule.
                let policy = error.kind == .busy ? options.busyRetry : options.retry
                guard error.kind.mayRecover(status: error.status), policy.allowsRetry(after: attempt) else {
                    fail(group, message: error.description, ledger: ledger, events: events)
                    return
                }
                do {
                    try await backOff(group, attempt: &attempt, policy: policy, reason: error.description, events)
                } catch {
                    return
                }
            } catch {
                fail(group, message: String(describing: error), ledger: ledger, events: events)
                return
            }
        }
        ledger.update(key: definition.key) {
            $0.configured = true
            $0.outcome = .configured
        }
        events(.configured(key: definition.key, model: definition.model))
        for warning in await readBackWarnings(request) {
            ledger.update(key: definition.key) { $0.warnings.append(warning) }
            events(.warning(key: definition.key, message: warning))
        }
    }

    /// `--check`: reads back what the runner holds for `definition` and fails it on any difference.
    private func verify(
        _ definition: ModelDefinition, ledger: ProvisionLedger, events: @escaping @Sendable (ProvisionEvent) -> Void
    ) async {
        let started = now()
        let group = Group(model: definition.model, definitions: [definition])
        guard definition.needsConfiguration else {
            ledger.update(key: definition.key) {
                $0.outcome = .verified
                $0.message = "no context_size or runtime_flags to check"
                $0.duration = self.now() - started
            }
            return
        }
        let request = Self.configureRequest(definition)
        let entries: [RunnerModelConfiguration]
        do {
            entries = try await client.configurations(for: request.model)
        } catch is CancellationError {
            return
        } catch {
            fail(group, message: String(describing: error), ledger: ledger, events: events)
            return
        }
        let drift = Self.compare(request, with: entries, backend: options.backend)
        guard drift.isEmpty else {
            fail(group, message: drift.joined(separator: "; "), ledger: ledger, events: events)
            return
        }
        ledger.update(key: definition.key) {
            $0.outcome = .verified
            $0.configured = true
            $0.message = "the runner holds the configured settings"
            $0.duration = self.now() - started
        }
    }

    static func configureRequest(_ definition: ModelDefinition) -> ConfigureRequest {
        ConfigureRequest(
            model: definition.model, contextSize: definition.contextSize,
            runtimeFlags: definition.runtimeFlags.isEmpty ? nil : definition.runtimeFlags)
    }

    /// Compares what the runner holds with what was sent; differences are warnings, not errors.
    func readBackWarnings(_ request: ConfigureRequest) async -> [String] {
        let entries: [RunnerModelConfiguration]
        do {
            entries = try await client.configurations(for: request.model)
        } catch is CancellationError {
            return []
        } catch {
            return ["could not read back the configuration of '\(request.model)': \(error)"]
        }
        return Self.compare(request, with: entries, backend: options.backend)
    }

    /// The read-back check, pure: which requested settings the runner does not report.
    static func compare(_ request: ConfigureRequest, with entries: [RunnerModelConfiguration], backend: String?)
        -> [String]
    {
        let candidates = entries.filter { backend == nil || backend == "" || $0.backend == backend }
        guard let entry = candidates.first else {
            return ["the runner reports no configuration for '\(request.model)' after accepting it"]
        }
        var warnings: [String] = []
        if let wanted = request.contextSize, entry.contextSize != wanted {
            let held = entry.contextSize.map(String.init) ?? "none"
            warnings.append(
                "the runner holds context-size \(held) for '\(request.model)', not \(wanted) as configured")
        }
        if let wanted = request.runtimeFlags, !wanted.isEmpty, entry.runtimeFlags ?? [] != wanted {
            let held = (entry.runtimeFlags ?? []).joined(separator: " ")
            warnings.append(
                "the runner holds runtime-flags [\(held)] for '\(request.model)', not [\(wanted.joined(separator: " "))] "
                    + "as configured")
        }
        return warnings
    }

    // MARK: - Helpers

    private func backOff(
        _ group: Group, attempt: inout Int, policy: RetryPolicy, reason: String,
        _ events: @escaping @Sendable (ProvisionEvent) -> Void
    ) async throws {
        let delay = policy.delay(beforeRetry: attempt, random: random())
        for definition in group.definitions {
            events(
                .retrying(key: definition.key, model: group.model, attempt: attempt + 1, delay: delay, reason: reason))
        }
        try await sleep(delay)
        try Task.checkCancellation()
        attempt += 1
    }

    private func fail(
        _ group: Group, message: String, ledger: ProvisionLedger, events: @escaping @Sendable (ProvisionEvent) -> Void
    ) {
        ledger.update(group) {
            $0.outcome = .failed
            $0.message = message
            $0.duration = self.now() - ledger.startedAt
        }
        for definition in group.definitions {
            events(.failed(key: definition.key, model: group.model, message: message))
        }
    }

    /// Runs `body` for each item, at most `limit` at once, in order of start; starts no more once cancelled.
    static func forEach<Item: Sendable>(
        _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            var iterator = items.makeIterator()
            for _ in 0..<max(1, limit) {
                guard let item = iterator.next() else { break }
                group.addTask { await body(item) }
            }
            while await group.next() != nil {
                guard !Task.isCancelled, let item = iterator.next() else { continue }
                group.addTask { await body(item) }
            }
        }
    }
}
