import Foundation
import ModelBind
import Testing

@testable import ModelBindCLI

struct ProgressRendererTests {
    static let start = ContinuousClock.now

    static func board(_ events: [ProvisionEvent], at offset: Duration = .zero) -> ProgressBoard {
        var board = ProgressBoard()
        for event in events { board.apply(event, at: start + offset) }
        return board
    }

    static let plan = ProvisionEvent.planned([
        ProvisionPlanItem(key: "llm", model: "ai/smollm2", configures: false),
        ProvisionPlanItem(key: "embedder", model: "ai/mxbai", contextSize: 512, configures: true),
    ])

    @Test func ttyLinesShowBarBytesRateAndETA() {
        var board = Self.board([
            Self.plan, .pullStarted(key: "llm", model: "ai/smollm2", attempt: 1),
            .present(key: "embedder", model: "ai/mxbai"),
        ])
        board.apply(
            .progress(key: "llm", model: "ai/smollm2", done: 50_000_000, total: 200_000_000),
            at: Self.start + .seconds(10))
        board.apply(
            .progress(key: "llm", model: "ai/smollm2", done: 100_000_000, total: 200_000_000),
            at: Self.start + .seconds(20))
        let lines = TTYProgressRenderer(width: 120, color: false).lines(board, now: Self.start + .seconds(20))
        // Rate and ETA count from the first progress (at 10 s), not from the request (at 0 s).
        #expect(
            lines == [
                "[+] Pulling 1/2  20s",
                "llm       [==========          ] 95.37 MiB / 190.73 MiB  4.77 MiB/s  ETA 20s",
                "embedder  present  ai/mxbai",
            ])
    }

    @Test func aPullTheRunnerHasNotStartedIsWaitingForASlot() {
        let board = Self.board([
            Self.plan, .pullStarted(key: "llm", model: "ai/smollm2", attempt: 1),
            .missing(key: "embedder", model: "ai/mxbai"),
        ])
        let lines = TTYProgressRenderer(width: 120, color: false).lines(board, now: Self.start + .seconds(3))
        #expect(
            lines == [
                "[+] Pulling 0/2  3.0s",
                "llm       waiting  (the runner pulls 2 models at a time)",
                "embedder  queued   ai/mxbai",
            ])
        var finished = board
        finished.apply(.finished(ProvisionReport(entries: [])), at: Self.start)
        #expect(
            TTYProgressRenderer(width: 120, color: false).lines(finished, now: Self.start)[2]
                == "embedder  missing  ai/mxbai")
    }

    @Test(arguments: [
        (80, "llm       [==========          ] 95.37 MiB / 190.73 MiB  4.77 MiB/s  ETA 20s"),
        (70, "llm       [======       ] 95.37 MiB / 190.73 MiB  4.77 MiB/s  ETA 20s"),
        (60, "llm       95.37 MiB / 190.73 MiB  4.77 MiB/s  ETA 20s"),
        (40, "llm       95.37 MiB / 190.73 MiB  4.77…"),
    ])
    func onANarrowTerminalTheBarGivesWayFirst(_ width: Int, _ expected: String) {
        var board = Self.board([Self.plan, .pullStarted(key: "llm", model: "ai/smollm2", attempt: 1)])
        board.apply(.progress(key: "llm", model: "ai/smollm2", done: 0, total: 200_000_000), at: Self.start)
        board.apply(
            .progress(key: "llm", model: "ai/smollm2", done: 100_000_000, total: 200_000_000),
            at: Self.start + .seconds(20))
        let lines = TTYProgressRenderer(width: width, color: false).lines(board, now: Self.start + .seconds(20))
        #expect(lines[1] == expected)
        #expect(lines.allSatisfy { $0.count < width })
    }

    @Test func ttyShowsTheRunnersMessageForACachedPull() {
        let board = Self.board([
            Self.plan,
            .pullStarted(key: "llm", model: "ai/smollm2", attempt: 1),
            .pullFinished(key: "llm", model: "ai/smollm2", bytes: 0, message: "Using cached model: 638.00 MiB"),
        ])
        let lines = TTYProgressRenderer(width: 120, color: false).lines(board, now: Self.start)
        #expect(lines[1] == "llm       pulled   ai/smollm2 (Using cached model: 638.00 MiB)")
    }

    @Test func ttyLinesAreCutToTheWidth() {
        let board = Self.board([Self.plan, .failed(key: "llm", model: "ai/smollm2", message: "x\nsecond line")])
        let lines = TTYProgressRenderer(width: 20, color: false).lines(board, now: Self.start)
        #expect(lines == ["[+] Pulling 1/2  0…", "llm       failed  …", "embedder  waiting"])
        #expect(lines.allSatisfy { $0.count < 20 })
    }

    @Test func ttyColourOnlyWhenAsked() {
        let board = Self.board([Self.plan, .failed(key: "llm", model: "ai/smollm2", message: "boom")])
        let coloured = TTYProgressRenderer(width: 80, color: true).lines(board, now: Self.start)
        #expect(coloured[1] == "\u{1B}[31mllm       failed   ai/smollm2: boom\u{1B}[0m")
        #expect(
            !TTYProgressRenderer(width: 80, color: false).lines(board, now: Self.start).joined().contains("\u{1B}"))
    }

    @Test func frameMovesUpOverThePreviousFrameAndClearsLeftovers() {
        let renderer = TTYProgressRenderer(width: 80, color: false)
        #expect(renderer.frame(["a", "b"], previousLineCount: 0) == "\ra\u{1B}[K\n\rb\u{1B}[K\n")
        #expect(renderer.frame(["a"], previousLineCount: 2) == "\u{1B}[2A\ra\u{1B}[K\n\r\u{1B}[K\n\u{1B}[1A")
    }

    @Test func plainShowsStateChangesOnly() {
        let events: [ProvisionEvent] = [
            Self.plan,
            .checking(key: "llm", model: "ai/smollm2"),
            .missing(key: "llm", model: "ai/smollm2"),
            .pullStarted(key: "llm", model: "ai/smollm2", attempt: 1),
            .progress(key: "llm", model: "ai/smollm2", done: 1, total: 2),
            .retrying(key: "llm", model: "ai/smollm2", attempt: 2, delay: .milliseconds(500), reason: "HTTP 503"),
            .pullFinished(key: "llm", model: "ai/smollm2", bytes: 2_000, message: "Model pulled successfully"),
            .configuring(key: "embedder", model: "ai/mxbai"),
            .configured(key: "embedder", model: "ai/mxbai"),
            .warning(key: "embedder", message: "mismatch"),
            .failed(key: "llm", model: "ai/smollm2", message: "HTTP 404"),
        ]
        #expect(
            events.flatMap(PlainProgressRenderer.lines(for:)) == [
                "provisioning 2 models: llm (ai/smollm2), embedder (ai/mxbai)",
                "llm: checking ai/smollm2",
                "llm: ai/smollm2 is missing",
                "llm: pulling ai/smollm2",
                "llm: retrying in 0.5s (attempt 2): HTTP 503",
                "llm: pulled ai/smollm2 (Model pulled successfully, 1.95 KiB)",
                "embedder: configuring ai/mxbai",
                "embedder: configured ai/mxbai",
                "warning: embedder: mismatch",
                "llm: ai/smollm2 failed",
            ])
    }

    @Test func plainPrintsAPullsProgressEveryTenPercentOrFiveSeconds() {
        var board = Self.board([Self.plan, .pullStarted(key: "llm", model: "ai/smollm2", attempt: 1)])
        var pacer = PlainProgressPacer()
        #expect(pacer.lines(board, now: Self.start).isEmpty)
        // Waiting for a slot: a line after 5 s anyway.
        #expect(pacer.lines(board, now: Self.start + .seconds(4)).isEmpty)
        #expect(
            pacer.lines(board, now: Self.start + .seconds(5))
                == ["llm: waiting (the runner pulls 2 models at a time), 5.0s"])
        board.apply(.progress(key: "llm", model: "ai/smollm2", done: 0, total: 1000), at: Self.start + .seconds(6))
        board.apply(.progress(key: "llm", model: "ai/smollm2", done: 50, total: 1000), at: Self.start + .seconds(7))
        #expect(pacer.lines(board, now: Self.start + .seconds(7)).isEmpty)
        board.apply(.progress(key: "llm", model: "ai/smollm2", done: 150, total: 1000), at: Self.start + .seconds(8))
        #expect(
            pacer.lines(board, now: Self.start + .seconds(8)) == ["llm: 15% 150 B / 1000 B, 75 B/s, ETA 11s"])
        // No new bytes: still a line after 5 s, saying how long nothing came.
        #expect(pacer.lines(board, now: Self.start + .seconds(12)).isEmpty)
        #expect(
            pacer.lines(board, now: Self.start + .seconds(14))
                == ["llm: 15% 150 B / 1000 B, 18 B/s, ETA 45s, no data for 6.0s"])
    }

    @Test func jsonIsOneTimestampedObjectPerEventWithSortedKeys() throws {
        let time = Date(timeIntervalSince1970: 1_796_674_867.125)
        #expect(
            JSONProgressRenderer.line(for: .progress(key: "llm", model: "ai/x", done: 5, total: 10), at: time)
                == #"{"done":5,"event":"progress","key":"llm","model":"ai/x","#
                + #""time":"2026-12-07T20:21:07.125Z","total":10}"#)
        let report = ProvisionReport(entries: [
            ProvisionReport.Entry(
                key: "llm", model: "ai/x", outcome: .failed, duration: .milliseconds(1500), message: "nope")
        ])
        let line = JSONProgressRenderer.line(for: .finished(report), at: time)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["succeeded"] as? Bool == false)
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.first?["outcome"] as? String == "failed")
        #expect(models.first?["duration_ms"] as? Int == 1500)
        #expect(!line.contains("\n"))
    }

    @Test func jsonProgressComesAtMostFourTimesASecondPerPull() {
        var throttle = JSONProgressThrottle()
        func progress(_ key: String, _ done: UInt64) -> ProvisionEvent {
            .progress(key: key, model: "ai/x", done: done, total: 100)
        }
        let admitted = [
            (progress("a", 1), 0), (progress("a", 2), 100), (progress("b", 1), 100), (progress("a", 3), 260),
            (.configuring(key: "c", model: "ai/y"), 270), (progress("a", 4), 300), (progress("a", 100), 310),
        ].map { throttle.admits($0.0, at: Self.start + .milliseconds($0.1)) }
        #expect(admitted == [true, false, true, true, true, false, true])
    }

    @Test(arguments: [
        (ProgressMode.auto, ["TERM": "xterm"], ProgressMode.tty), (.auto, ["TERM": "dumb"], .plain),
        (.auto, ["NO_COLOR": "1"], .plain), (.tty, ["NO_COLOR": "1"], .tty), (.json, ["TERM": "dumb"], .json),
    ])
    func autoIsPlainWhereEscapeCodesAreUnwelcome(
        _ mode: ProgressMode, _ environment: [String: String], _ expected: ProgressMode
    ) {
        #expect(ProvisionProgressPrinter.resolve(mode, isTerminal: true, environment: environment) == expected)
    }

    @Test func summaryTableListsEveryModel() {
        let report = ProvisionReport(entries: [
            ProvisionReport.Entry(
                key: "llm", model: "ai/smollm2", outcome: .configured, pulled: true, bytes: 256_350_000,
                duration: .seconds(12)),
            ProvisionReport.Entry(
                key: "embed", model: "ai/mxbai", outcome: .present, sizeText: "640.00 MiB", duration: .milliseconds(40)),
            ProvisionReport.Entry(
                key: "bad", model: "ai/nope", outcome: .failed, duration: .milliseconds(200), message: "404"),
        ])
        #expect(
            ProvisionSummaryTable.lines(report, color: false) == [
                "MODEL  REFERENCE   RESULT              SIZE        TIME",
                "llm    ai/smollm2  pulled, configured  244.47 MiB  12s",
                "embed  ai/mxbai    present             640.00 MiB  0.0s",
                "bad    ai/nope     failed              -           0.2s",
            ])
    }

    @Test(arguments: [
        (ProgressMode.auto, true, ProgressMode.tty), (.auto, false, .plain), (.json, true, .json),
        (.quiet, false, .quiet),
    ])
    func autoModeFollowsTheTerminal(_ mode: ProgressMode, _ isTerminal: Bool, _ expected: ProgressMode) {
        #expect(mode.resolved(isTerminal: isTerminal) == expected)
    }

    @Test(arguments: [
        (UInt64(0), "0 B"), (1_023, "1023 B"), (1_024, "1.00 KiB"), (12_345_678, "11.77 MiB"),
        (1_200_000_000, "1.12 GiB"),
    ])
    func byteFormatting(_ count: UInt64, _ text: String) {
        #expect(ProgressFormat.bytes(count) == text)
    }

    @Test func closingLinesNameTheModelAndTheRunnersWords() throws {
        let endpoint = try RunnerEndpoint(parsing: "http://localhost:1")
        let report = ProvisionReport(entries: [
            ProvisionReport.Entry(key: "llm", model: "ai/x", outcome: .failed, message: "model 'ai/x' was not found"),
            ProvisionReport.Entry(key: "ok", model: "ai/y", outcome: .pulled),
        ])
        let failed = ProvisionOperation.Outcome(report: report, runner: endpoint, interrupted: false, warnings: [])
        #expect(failed.closingLines == ["model llm (ai/x): model 'ai/x' was not found"])
        var cancelled = report
        cancelled.entries[0].outcome = .cancelled
        cancelled.cancelled = true
        let interrupted = ProvisionOperation.Outcome(
            report: cancelled, runner: endpoint, interrupted: true, warnings: [])
        #expect(interrupted.closingLines == ["interrupted; finished ok; not finished: llm"])
    }

}
