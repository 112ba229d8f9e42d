import ModelBind

/// `modelbind wait`: until the runner answers, or the timeout.
struct WaitCommand: Command {
    static let name = "wait"
    static let abstract = "Wait until the model runner answers (for CI jobs that just started Docker)."
    static let discussion = """
        Asks GET / with backoff (0.1 s doubling to 2 s) and returns as soon as the runner answers as \
        Docker Model Runner; one line of progress on standard error while it waits. Reads no compose file: \
        the runner is --runner URL, else MODEL_RUNNER_HOST, else the Docker Desktop socket, else \
        http://localhost:12434. Exit status: 0 when it answered, 1 on timeout.
        """
    static let arguments: [ArgumentSpec] = [
        RunnerFlag.argument,
        .option("timeout", value: "duration", help: "Give up after this long: 60s (default), 500ms, 2m, or seconds."),
        ReportFormat.argument,
    ]

    var runner: String?
    var timeout: Duration
    var format: ReportFormat

    init(_ arguments: ParsedArguments) throws(UsageError) {
        runner = try RunnerFlag.value(arguments)
        timeout = try arguments.value("timeout", default: DurationArgument(.seconds(60))).duration
        format = try arguments.value("format", default: .text)
    }

    func run() async throws {
        let outcome = try await WaitOperation(runner: runner, timeout: timeout).run(in: .process()) { line in
            Console.say([line])
        }
        switch format {
        case .json:
            Terminal.writeStandardOutput(try JSONOutput.encode(outcome, snakeCaseKeys: true))
        case .text:
            let seconds = String(Double(Int(outcome.seconds * 10)) / 10)
            if outcome.answered {
                Console.say(["the model runner at \(outcome.runner.runner) answered after \(seconds)s"])
            }
        }
        guard outcome.answered else {
            Console.error(
                "the model runner at \(outcome.runner.runner) did not answer within \(RunnerClient.seconds(timeout)) "
                    + "(\(outcome.attempts) tries): \(outcome.problem ?? "no answer")")
            throw ExitCode(1)
        }
    }
}
