import FoundationEssentials
import ModelBind

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// Handles one event of an operation (thread-safe; pass as the operation's callback): findings
    /// and notes are printed (notes not in quiet mode), progress is shown.
    func handle(_ event: OperationEvent) {
        switch event {
        case .findings(let diagnostics):
            Console.diagnostics(mode == .quiet ? diagnostics.filter { $0.severity == .error } : diagnostics)
        case .note(let note):
            if mode != .quiet { Console.notes([note]) }
        case .provisioning(let event):
            handle(event)
        }
    }

    /// Ends the display of a provisioning run: the final frame and the summary, then, when the run
    /// did not succeed, what went wrong, once, as `modelbind: error: …`, and the exit status.
    func conclude(
        _ outcome: ProvisionOperation.Outcome, signal: Int32?, failure: String = "provisioning failed"
    ) throws {
        finish(outcome.report)
        if outcome.interrupted || signal != nil {
            for line in outcome.closingLines { Console.error(line) }
            throw ExitCode(Interruption.exitStatus(signal ?? SIGINT))
        }
        guard outcome.report.succeeded else {
            if mode != .json { for line in outcome.closingLines { Console.error(line) } }
            Console.error(failure)
            throw ExitCode(1)
        }
    }

    /// `modelbind: …` lines, except in quiet mode.
    func say(_ lines: [String]) {
        if mode != .quiet { Console.say(lines) }
    }

    /// The "run this next" lines, except in quiet and JSON modes.
    func nextSteps(_ lines: [String]) {
        guard mode != .quiet, mode != .json, !lines.isEmpty else { return }
        terminal.write("\n" + lines.joined(separator: "\n") + "\n")
    }

    /// Handles one provisioning event.
    func handle(_ event: ProvisionEvent) {
        switch mode {
        case .json:
            terminal.write(JSONProgressRenderer.line(for: event) + "\n")
        case .plain:
            let lines = PlainProgressRenderer.lines(for: event)
            if !lines.isEmpty { terminal.write(lines.joined(separator: "\n") + "\n") }
        case .quiet:
            break
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
