import Testing

@testable import ModelBind
@testable import ModelRunnerClient
@testable import Provisioning

struct RetryPolicyTests {
    @Test func delaysGrowExponentiallyUpToTheCap() {
        let policy = RetryPolicy(
            maximumAttempts: 6, initialDelay: .milliseconds(500), multiplier: 2, maximumDelay: .seconds(3), jitter: 0)
        let delays = (1...5).map { policy.delay(beforeRetry: $0, random: 0.9) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(3)])
    }

    @Test func jitterStaysWithinItsBand() {
        let policy = RetryPolicy(initialDelay: .seconds(1), jitter: 0.2)
        #expect(policy.delay(beforeRetry: 1, random: 0) == .milliseconds(800))
        #expect(policy.delay(beforeRetry: 1, random: 0.5) == .milliseconds(1000))
        #expect(policy.delay(beforeRetry: 1, random: 0.999_999) == .milliseconds(1200))
    }

    @Test func attemptsAreCounted() {
        let policy = RetryPolicy(maximumAttempts: 3)
        #expect(policy.allowsRetry(after: 1))
        #expect(policy.allowsRetry(after: 2))
        #expect(!policy.allowsRetry(after: 3))
        #expect(!RetryPolicy.none.allowsRetry(after: 1))
    }

    @Test(arguments: [
        (RunnerErrorKind.unreachable, nil as Int?, [String](), true),
        (.runnerNotRunning, 503, [], true),
        // A 500 is the runner's own verdict (a registry failure, a rejected flag): never retried.
        (.httpStatus, 500, [], false),
        (.httpStatus, 502, [], true),
        (.httpStatus, 503, [], true),
        (.httpStatus, 504, [], true),
        (.httpStatus, 501, [], false),
        (.httpStatus, 409, [], false),
        (.httpStatus, 400, [], false),
        (.httpStatus, 401, [], false),
        (.httpStatus, 404, [], false),
        (.httpStatus, 422, [], false),
        (.streamInterrupted, 200, [], true),
        (.streamIncomplete, 200, [], true),
        (.streamIncomplete, 200, ["Unauthorized"], false),
        (.streamError, 200, [], false),
        (.stalled, nil, [], false),
        (.lineTooLong, 200, [], false),
    ])
    func pullRetryClassification(_ kind: RunnerErrorKind, _ status: Int?, _ text: [String], _ retryable: Bool) {
        let error = PullError(kind: kind, model: "ai/x", endpoint: "http://h", status: status, trailingText: text)
        #expect(error.isRetryable == retryable)
    }

    /// The one rule, for every call: what the runner may recover from, and nothing else.
    @Test(arguments: [
        (RunnerErrorKind.unreachable, nil as Int?, true),
        (.runnerNotRunning, 503, true),
        (.busy, 409, true),
        (.httpStatus, 409, false),
        (.httpStatus, 500, false),
        (.httpStatus, 502, true),
        (.httpStatus, 504, true),
        (.httpStatus, 404, false),
        (.httpStatus, 400, false),
        (.stalled, nil, false),
        (.invalidResponse, 200, false),
    ])
    func oneRuleForEveryCall(_ kind: RunnerErrorKind, _ status: Int?, _ recoverable: Bool) {
        #expect(kind.mayRecover(status: status) == recoverable)
        let configure = ConfigureError(kind: kind, model: "ai/x", endpoint: "http://h", status: status)
        #expect(configure.kind.mayRecover(status: configure.status) == recoverable)
    }
}
