import ComposeModel
import Provisioning

/// What a long-running operation (`provision`, `up`) tells as it goes.
public enum OperationEvent: Sendable {
    /// Findings of loading (and, for `up`, validation), before anything is pulled.
    case findings([Diagnostic])
    /// Something worth telling about the choices made (the platform, a loopback runner).
    case note(String)
    /// Provisioning progress.
    case provisioning(ProvisionEvent)
}
