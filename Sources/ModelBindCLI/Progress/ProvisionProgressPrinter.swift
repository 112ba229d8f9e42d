import FoundationEssentials
import ModelBind

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows provisioning events on standard error in the chosen ``ProgressMode``; the I/O edge of the renderers.
///
/// - `tty`: hides the cursor while drawing, redraws at most every 100 ms (a ticker keeps rate, ETA
///   and the header's clock moving), and shows the cursor again in ``finish(_:)``, in
///   ``restoreCursor()`` (the signal handler calls it; no frame is drawn after it) and in
///   ``conclude(_:signal:failure:)``, whose `ESC[?25h` is the last thing written.
/// - `plain`: a line per state change, and per pull a progress line at least every 5 s or 10 %.
/// - `json`: one timestamped object per state change, progress at most four times a second per pull.
///
/// `auto` is `tty` on a terminal, and `plain` when standard error is not one, `TERM` is `dumb` or
/// `NO_COLOR` is set (plain output has no escape codes at all).
final class ProvisionProgressPrinter: Sendable {
    let mode: ProgressMode
    let color: Bool
    private let terminal: Terminal
    private let redrawInterval: Duration
    private let plainInterval: Duration

    private struct State {
        var board = ProgressBoard()
        var pacer: PlainProgressPacer
        var throttle = JSONProgressThrottle()
        var drawnLines = 0
        var lastDraw: ContinuousClock.Instant?
        var dirty = false
        var cursorHidden = false
        /// The cursor was hidden at some point: the run ends by showing it.
        var drewFrames = false
        /// Set by ``restoreCursor()``: nothing more is drawn.
        var stopped = false
        var ticker: Task<Void, Never>?
    }

    private let state: Locked<State>

    /// - Parameters:
    ///   - mode: `auto` is resolved against `terminal` and `environment`.
    ///   - environment: `NO_COLOR` (set to anything) turns colour off, and `TERM=dumb` or
    ///     `NO_COLOR` make `auto` plain.
    ///   - plainInterval: plain mode's longest silence during a pull.
    init(
        mode: ProgressMode,
        environment: [String: String],
        terminal: Terminal = .standardError,
        redrawInterval: Duration = .milliseconds(100),
        plainInterval: Duration = .seconds(5)
    ) {
        let isTerminal = terminal.isTerminal
        self.mode = Self.resolve(mode, isTerminal: isTerminal, environment: environment)
        self.color = isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        self.terminal = terminal
        self.redrawInterval = redrawInterval
        self.plainInterval = plainInterval
        self.state = Locked(State(pacer: PlainProgressPacer(interval: plainInterval)))
    }

    /// The mode `mode` comes to on a standard error that is (or is not) a terminal: `auto` is plain
    /// where escape codes are unwelcome (`TERM=dumb`, `NO_COLOR`).
    static func resolve(_ mode: ProgressMode, isTerminal: Bool, environment: [String: String]) -> ProgressMode {
        let plainTerminal = environment["TERM"] == "dumb" || environment["NO_COLOR"] != nil
        return mode.resolved(isTerminal: isTerminal && !plainTerminal)
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
    /// did not succeed, what went wrong, once, as `modelbind: error: …` (then `consequence`, such as
    /// "no files were written"), and the exit status. In tty mode the cursor is
    /// shown last, whatever happened.
    func conclude(_ outcome: ProvisionOperation.Outcome, signal: Int32?, consequence: String? = nil) throws {
        defer { restoreCursor() }
        finish(outcome.report)
        if outcome.interrupted || signal != nil {
            for line in outcome.closingLines { Console.error(line) }
            throw ExitCode(Interruption.exitStatus(signal ?? SIGINT))
        }
        guard outcome.report.succeeded else {
            let lines = outcome.closingLines
            // JSON mode has the details in its `finished` event.
            if lines.isEmpty || mode == .json {
                Console.error("provisioning failed")
            } else {
                for line in lines { Console.error(line) }
            }
            if let consequence { Console.error(consequence) }
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
        let now = ContinuousClock.now
        switch mode {
        case .json:
            let admitted = state.withLock { $0.throttle.admits(event, at: now) }
            if admitted { terminal.write(JSONProgressRenderer.line(for: event, at: .now) + "\n") }
        case .plain:
            state.withLock { state in
                state.board.apply(event, at: now)
                var lines = PlainProgressRenderer.lines(for: event)
                lines += state.pacer.lines(state.board, now: now)
                if !lines.isEmpty { terminal.write(lines.joined(separator: "\n") + "\n") }
                if state.ticker == nil, !state.stopped { state.ticker = startTicker(every: .seconds(1)) }
            }
        case .quiet:
            break
        case .tty, .auto:
            state.withLock { state in
                guard !state.stopped else { return }
                state.board.apply(event, at: now)
                state.dirty = true
                if state.ticker == nil { state.ticker = startTicker(every: redrawInterval) }
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

    /// Shows the cursor again and stops drawing; safe to call from a signal handler's queue at any
    /// time, and more than once (each call after a frame was drawn writes `ESC[?25h` again, so the
    /// last call's is the last escape code of the run).
    func restoreCursor() {
        guard mode == .tty else { return }
        state.withLock { state in
            state.stopped = true
            state.cursorHidden = false
            if state.drewFrames { terminal.write(Terminal.showCursor) }
        }
    }

    private func startTicker(every interval: Duration) -> Task<Void, Never> {
        Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                self.tick(now: .now)
            }
        }
    }

    private func tick(now: ContinuousClock.Instant) {
        state.withLock { state in
            guard !state.stopped else { return }
            switch mode {
            case .plain:
                let lines = state.pacer.lines(state.board, now: now)
                if !lines.isEmpty { terminal.write(lines.joined(separator: "\n") + "\n") }
            case .tty:
                if state.dirty || !state.board.finished { draw(&state, now: now) }
            default:
                break
            }
        }
    }

    private func draw(_ state: inout State, now: ContinuousClock.Instant) {
        let renderer = TTYProgressRenderer(width: terminal.columns, color: color)
        let lines = renderer.lines(state.board, now: now)
        // After restoreCursor() (a signal) the final frame is drawn with the cursor left visible.
        var out = ""
        if !state.cursorHidden, !state.stopped {
            out = Terminal.hideCursor
            state.cursorHidden = true
        }
        state.drewFrames = true
        out += renderer.frame(lines, previousLineCount: state.drawnLines)
        terminal.write(out)
        state.drawnLines = lines.count
        state.lastDraw = now
        state.dirty = false
    }
}
