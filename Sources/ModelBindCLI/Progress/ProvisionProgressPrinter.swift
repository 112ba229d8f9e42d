import ModelBind

/// Shows provisioning events on standard error in the chosen ``ProgressMode``; the I/O edge of the renderers.
///
/// In `tty` mode it hides the cursor while drawing, redraws at most every 100 ms (a ticker keeps rate
/// and ETA moving), and restores the cursor in ``finish(_:)`` and ``restoreCursor()`` (call the latter
/// from a signal handler).
final class ProvisionProgressPrinter: Sendable {
    let mode: ProgressMode
    let color: Bool
    private let terminal: Terminal
    private let redrawInterval: Duration

    private struct State {
        var board = ProgressBoard()
        var drawnLines = 0
        var lastDraw: ContinuousClock.Instant?
        var dirty = false
        var cursorHidden = false
        var ticker: Task<Void, Never>?
    }

    private let state = Locked(State())

    /// - Parameters:
    ///   - mode: `auto` is resolved against whether `terminal` is a terminal.
    ///   - environment: `NO_COLOR` (set to anything) turns colour off.
    init(
        mode: ProgressMode,
        environment: [String: String],
        terminal: Terminal = .standardError,
        redrawInterval: Duration = .milliseconds(100)
    ) {
        let isTerminal = terminal.isTerminal
        self.mode = mode.resolved(isTerminal: isTerminal)
        self.color = isTerminal && environment["NO_COLOR"] == nil
        self.terminal = terminal
        self.redrawInterval = redrawInterval
    }

    /// Handles one event (thread-safe; pass as the provisioner's callback).
    func handle(_ event: ProvisionEvent) {
        switch mode {
        case .json:
            terminal.write(JSONProgressRenderer.line(for: event) + "\n")
        case .plain:
            let lines = PlainProgressRenderer.lines(for: event)
            if !lines.isEmpty { terminal.write(lines.joined(separator: "\n") + "\n") }
        case .quiet:
            if case .failed = event {
                terminal.write(PlainProgressRenderer.lines(for: event).joined(separator: "\n") + "\n")
            }
        case .tty, .auto:
            let now = ContinuousClock.now
            state.withLock { state in
                state.board.apply(event, at: now)
                state.dirty = true
                if state.ticker == nil { state.ticker = startTicker() }
                let due = state.lastDraw.map { now - $0 >= redrawInterval } ?? true
                if due { draw(&state, now: now) }
            }
        }
    }

    /// Final frame, cursor restored, then the summary table (tty and plain).
    func finish(_ report: ProvisionReport) {
        let ticker = state.withLock { state -> Task<Void, Never>? in
            if mode == .tty {
                draw(&state, now: .now)
                if state.cursorHidden {
                    terminal.write(Terminal.showCursor)
                    state.cursorHidden = false
                }
            }
            defer { state.ticker = nil }
            return state.ticker
        }
        ticker?.cancel()
        if mode == .tty || mode == .plain {
            let lines = ProvisionSummaryTable.lines(report, color: color)
            if !lines.isEmpty { terminal.write("\n" + lines.joined(separator: "\n") + "\n") }
        }
    }

    /// Shows the cursor again; safe to call from a signal handler's queue at any time.
    func restoreCursor() {
        if mode == .tty { terminal.write(Terminal.showCursor) }
    }

    private func startTicker() -> Task<Void, Never> {
        let interval = redrawInterval
        return Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                self.state.withLock { state in
                    if state.dirty || state.board.rows.contains(where: { $0.phase == .pulling }) {
                        self.draw(&state, now: .now)
                    }
                }
            }
        }
    }

    private func draw(_ state: inout State, now: ContinuousClock.Instant) {
        let renderer = TTYProgressRenderer(width: terminal.columns, color: color)
        let lines = renderer.lines(state.board, now: now)
        var out = state.cursorHidden ? "" : Terminal.hideCursor
        state.cursorHidden = true
        out += renderer.frame(lines, previousLineCount: state.drawnLines)
        terminal.write(out)
        state.drawnLines = lines.count
        state.lastDraw = now
        state.dirty = false
    }
}
