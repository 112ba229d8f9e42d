/// `--progress`: how provisioning progress is shown on standard error.
enum ProgressMode: String, CaseIterable, ArgumentValue, Sendable {
    /// `tty` when standard error is a terminal, else `plain`.
    case auto
    /// One redrawn line per model with a bar, bytes, rate and ETA.
    case tty
    /// One line per state change.
    case plain
    /// One JSON object per event per line.
    case json
    /// Errors only.
    case quiet

    /// The concrete mode: `auto` becomes `tty` or `plain`.
    func resolved(isTerminal: Bool) -> ProgressMode {
        self == .auto ? (isTerminal ? .tty : .plain) : self
    }
}
