import ComposeModel
import ModelBindSupport
import ModelRunnerClient

extension ModelDefinition {
    /// The settings `_configure` sends, for spotting conflicting definitions of one model.
    var configuration: ProvisionPlanItem {
        ProvisionPlanItem(key: "", model: model, contextSize: contextSize, runtimeFlags: runtimeFlags, configures: true)
    }
}

/// The report under construction, shared by the concurrent tasks.
final class ProvisionLedger: Sendable {
    let startedAt: ContinuousClock.Instant
    private let state: Locked<(entries: [ProvisionReport.Entry], message: String?)>

    init(models: [ModelDefinition], startedAt: ContinuousClock.Instant) {
        self.startedAt = startedAt
        self.state = Locked(
            (models.map { ProvisionReport.Entry(key: $0.key, model: $0.model, outcome: .cancelled) }, nil))
    }

    func update(key: String, _ change: (inout ProvisionReport.Entry) -> Void) {
        state.withLock { state in
            for index in state.entries.indices where state.entries[index].key == key {
                change(&state.entries[index])
            }
        }
    }

    func update(_ group: Provisioner.Group, _ change: (inout ProvisionReport.Entry) -> Void) {
        for definition in group.definitions { update(key: definition.key, change) }
    }

    func isUnfinished(_ group: Provisioner.Group) -> Bool {
        state.withLock { state in
            state.entries.contains { entry in
                entry.outcome == .cancelled && group.definitions.contains { $0.key == entry.key }
            }
        }
    }

    func failUnfinished(message: String) {
        state.withLock { state in
            for index in state.entries.indices where state.entries[index].outcome == .cancelled {
                state.entries[index].outcome = .failed
                state.entries[index].message = message
            }
        }
    }

    func setMessage(_ message: String) {
        state.withLock { $0.message = $0.message ?? message }
    }

    func report(dryRun: Bool, now: ContinuousClock.Instant) -> ProvisionReport {
        state.withLock { state in
            ProvisionReport(entries: state.entries, dryRun: dryRun, message: state.message, duration: now - startedAt)
        }
    }
}
