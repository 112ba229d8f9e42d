import Foundation
import Testing

/// The differential run: every case through Docker Compose v2.40.3 and the built modelbind, compared
/// (see Comparison). One test, so that the summary line covers the whole run.
@Suite("Compose differential")
struct DifferentialTests {
    static func allCases() -> [DifferentialCase] {
        RepositoryCases.projectFixtures() + RepositoryCases.rulesDocumentation() + RepositoryCases.corpus()
            + ConformanceCases.all()
            + CaseGenerator.cases(
                count: CaseGenerator.defaultCount,
                // COMPOSE_DIFFERENTIAL_SEED explores other projects; the default is fixed.
                seed: ProcessInfo.processInfo.environment["COMPOSE_DIFFERENTIAL_SEED"].flatMap { UInt64($0) }
                    ?? CaseGenerator.seed)
    }

    @Test("modelbind loads what Compose loads, refuses what it refuses")
    func differentialRun() async throws {
        let compose = try await Tools.compose()
        try Tools.checkModelbind()
        // The model plugin's one script, written before any case runs it.
        _ = try ModelPluginStub.sharedScript.get()
        // COMPOSE_DIFFERENTIAL_ONLY=generated (an origin, or a part of case names) narrows the run.
        let only = ProcessInfo.processInfo.environment["COMPOSE_DIFFERENTIAL_ONLY"] ?? ""
        let cases = Self.allCases().filter {
            only.isEmpty || $0.origin.rawValue == only || $0.name.contains(only)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let results = try await withThrowingTaskGroup(of: (DifferentialCase, Verdict).self) { group in
            for testCase in cases {
                group.addTask {
                    do {
                        let (composeOutcome, modelbindOutcome) = try await CaseRunner.shared.run(testCase)
                        return (
                            testCase,
                            Comparison.compare(testCase, compose: composeOutcome, modelbind: modelbindOutcome)
                        )
                    } catch {
                        return (testCase, .disagreement(["the harness failed: \(error)"]))
                    }
                }
            }
            var results: [(DifferentialCase, Verdict)] = []
            for try await result in group { results.append(result) }
            return results
        }
        let elapsed = clock.now - start
        var agreements = 0
        var bothRefuse = 0
        var deviations: [String: Int] = [:]
        var disagreements = 0
        // Origin → (accepted alike, refused by both, deviations, disagreements).
        var tally: [String: [Int]] = [:]
        for (testCase, verdict) in results.sorted(by: { $0.0.name < $1.0.name }) {
            let slot: Int
            switch verdict {
            case .agreement(let accepted): slot = accepted ? 0 : 1
            case .deviation: slot = 2
            case .disagreement: slot = 3
            }
            tally[testCase.origin.rawValue, default: [0, 0, 0, 0]][slot] += 1
            switch verdict {
            case .agreement(let accepted):
                agreements += 1
                if !accepted { bothRefuse += 1 }
            case .deviation(let codes): deviations[codes.sorted().joined(separator: "+"), default: 0] += 1
            case .disagreement(let problems):
                disagreements += 1
                var text = "\(testCase):\n  " + problems.joined(separator: "\n  ")
                if !testCase.files.isEmpty { text += "\n" + testCase.listing }
                Issue.record(Comment(rawValue: text))
            }
        }
        let byOrigin = Dictionary(grouping: cases, by: \.origin.rawValue).mapValues(\.count)
            .sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let deviationCount = deviations.values.reduce(0, +)
        let deviationDetail = deviations.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
            .joined(separator: ", ")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "Compose differential (\((compose as NSString).lastPathComponent) v\(Tools.composeVersion)): "
                + "\(cases.count) cases (\(byOrigin)), \(agreements) agreements (\(bothRefuse) refused by both), "
                + "\(deviationCount) documented deviations (\(deviationDetail)), \(disagreements) disagreements, "
                + String(format: "%.1f s", seconds))
        for (origin, counts) in tally.sorted(by: { $0.key < $1.key }) {
            print(
                "  \(origin): \(counts.reduce(0, +)) cases: \(counts[0]) accepted alike, \(counts[1]) refused by both, "
                    + "\(counts[2]) documented deviations, \(counts[3]) disagreements")
        }
    }
}
