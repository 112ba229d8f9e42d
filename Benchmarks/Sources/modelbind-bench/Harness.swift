import CLibYAMLScan
import Foundation

/// Runs every measure and prints the table (stdout) and progress (stderr).
struct Harness {
    var workloads: String
    var modelbind: String
    var yams: String
    var python: String
    var pyscript: String
    var quick: Bool
    var results: String?

    func path(_ name: String) -> String { workloads + "/" + name + ".yaml" }

    func run() async throws {
        var table = ResultTable()
        let swiftVersion =
            (try? ChildProcess.output(["/usr/bin/env", "swift", "--version"]))?
            .split(separator: "\n").first.map(String.init) ?? "swift: unknown"
        let machine = Machine.description(swiftVersion: swiftVersion)
        FileHandle.standardError.write(Data("\(machine)\n".utf8))
        let job = ValidationStep.included ? "load + validate" : "load (validate not on main yet)"

        // Each timing of the library runs in a fresh copy of the harness (`child time ...`), so that
        // none depends on the heap an earlier one left behind.
        let me = CommandLine.arguments[0]
        func timing(_ kind: String, _ file: String, runs: Int) throws -> (baseline: Double, subject: Double) {
            let result = try ChildProcess.json([me, "child", "time", kind, file, String(runs)])
            return ((result["baseline"] as? Double) ?? .nan, (result["subject"] as? Double) ?? .nan)
        }

        // 0. Every workload must load and validate without errors, or the figures below would time
        // a failure path.
        for name in ["small", "large", "huge"] {
            let result = try ChildProcess.json([me, "child", "load", path(name)])
            guard result["clean"] as? Bool == true else { fail("\(name) workload does not load cleanly: \(result)") }
        }

        // 1. The library against the floor: alternate runs, medians.
        for (name, runs) in [("small", quick ? 50 : 200), ("large", quick ? 5 : 15), ("huge", quick ? 1 : 3)] {
            let (floor, ours) = try timing("pair", path(name), runs: runs)
            let ratio = ours / floor
            table.add(
                name, "\(job) vs raw libyaml event scan (wall)", ours: ResultTable.time(ours),
                baseline: ResultTable.time(floor),
                ratio: ResultTable.ratio(ratio), target: name == "small" ? "— (start-up dominated)" : "— (reference)",
                met: nil)
        }

        // 1a. The bound: the CPU time of every thread of the same job against the scan's (the
        // loader runs on one thread; this row holds it to that).
        let (floorCPU, oursCPU) = try timing("cpu", path("large"), runs: quick ? 5 : 15)
        table.add(
            "large", "\(job), CPU time of every thread vs the scan's", ours: ResultTable.time(oursCPU),
            baseline: ResultTable.time(floorCPU), ratio: ResultTable.ratio(oursCPU / floorCPU),
            target: "≤ 2.0×", met: oursCPU / floorCPU <= 2.0)

        // 1b. For reference, the share of that which is reading and scanning: the same load on a copy
        // of the large workload whose top-level keys are all `x-` extensions, so no model or service
        // is read. Not a target; it bounds what any work after the scan can gain.
        let (readerFloor, reader) = try timing("unkept", path("large"), runs: quick ? 5 : 15)
        table.add(
            "large", "reader and scan alone (every top-level key renamed `x-`) vs the same scan",
            ours: ResultTable.time(reader), baseline: ResultTable.time(readerFloor),
            ratio: ResultTable.ratio(reader / readerFloor), target: "— (reference)", met: nil)

        // 2. The alternatives on the large workload: each times itself in-process.
        let large = path("large")
        let ours = try timing("median", large, runs: quick ? 5 : 11).subject
        let pyRuns = quick ? 1 : 3
        let py = try ChildProcess.json([python, pyscript, large, String(pyRuns)])
        let pySeconds = (py["median_s"] as? Double) ?? .nan
        table.add(
            "large", "\(job) vs PyYAML CSafeLoader script (in-process, \(pyRuns) runs)", ours: ResultTable.time(ours),
            baseline: ResultTable.time(pySeconds), ratio: ResultTable.ratio(pySeconds / ours) + " faster",
            target: "≥ 20× faster", met: pySeconds / ours >= 20)
        let yamsRuns = quick ? 1 : 5
        let ya = try ChildProcess.json([yams, large, String(yamsRuns)])
        let yamsSeconds = (ya["median_s"] as? Double) ?? .nan
        table.add(
            "large", "\(job) vs Yams compose + walk (in-process, \(yamsRuns) runs)", ours: ResultTable.time(ours),
            baseline: ResultTable.time(yamsSeconds), ratio: ResultTable.ratio(yamsSeconds / ours) + " faster",
            target: "≥ 15× faster", met: yamsSeconds / ours >= 15)

        // 3. env emission on the large workload, against the floor scan of the same file for scale.
        let project = try LibraryJob.project(large)
        let bytes = try LibraryJob.emit(project)
        // Alternated with the scan, like every other ratio, so a machine that speeds up or slows
        // down during the run moves both sides alike (the emission succeeded just above).
        let (floor, emit) = Measure.pair(runs: quick ? 5 : 11) {
            floorScan(large)
        } subject: {
            _ = try? LibraryJob.emit(project)
        }
        table.add(
            "large", "env emission (\(project.bindings.count) bindings → \(ResultTable.megabytes(bytes)) of dotenv)",
            ours: ResultTable.time(emit), baseline: ResultTable.time(floor) + " (scan)",
            ratio: ResultTable.ratio(emit / floor), target: "≤ 0.5× the scan", met: emit / floor <= 0.5)

        // 4. Provisioning 100 models, 100 ms pulls, against ModelRunnerSim (which, like DMR, runs 2 pulls at once).
        let count = quick ? 20 : 100
        for parallel in [1, 2, 4, 8] {
            let outcome = try await ProvisioningRun.run(models: count, pull: .milliseconds(100), parallel: parallel)
            let lanes = min(parallel, 2)
            let ideal = Double((count + lanes - 1) / lanes) * 0.1
            let ratio = outcome.seconds / ideal
            table.add(
                "\(count) models",
                "provision, --parallel \(parallel) (runner cap 2; max seen \(outcome.maxConcurrentPulls))",
                ours: ResultTable.time(outcome.seconds) + (outcome.succeeded ? "" : " (FAILED)"),
                baseline: ResultTable.time(ideal) + " ideal", ratio: ResultTable.ratio(ratio), target: "≤ 1.10×",
                met: outcome.succeeded && ratio <= 1.10)
        }

        // 5. Peak RSS, each in a fresh child process.
        let idle = try ChildProcess.json([me, "child", "idle"])["maxrss"] as? Int ?? 0
        let short = try ChildProcess.json([me, "child", "stream", "20000"])["maxrss"] as? Int ?? 0
        let long = try ChildProcess.json([me, "child", "stream", "200000"])["maxrss"] as? Int ?? 0
        table.add(
            "progress stream", "peak RSS, 200,000 lines (vs 20,000 lines; idle process \(ResultTable.megabytes(idle)))",
            ours: ResultTable.megabytes(long), baseline: ResultTable.megabytes(short),
            ratio: ResultTable.ratio(Double(long) / Double(max(short, 1))), target: "flat (≤ 1.05×), ≤ 30 MB",
            met: Double(long) <= Double(short) * 1.05 && long <= 30_000_000)
        let huge = path("huge")
        let hugeSize = (try FileManager.default.attributesOfItem(atPath: huge)[.size] as? Int) ?? 1
        let loadRSS = try ChildProcess.json([me, "child", "load", huge])["maxrss"] as? Int ?? 0
        table.add(
            "huge", "peak RSS, \(job)", ours: ResultTable.megabytes(loadRSS),
            baseline: ResultTable.megabytes(hugeSize) + " (file)",
            ratio: ResultTable.ratio(Double(loadRSS) / Double(hugeSize)),
            target: "≤ 4×", met: Double(loadRSS) <= 4 * Double(hugeSize))

        // 6. `modelbind validate` on the small file, process start to exit.
        if FileManager.default.isExecutableFile(atPath: modelbind) {
            try table.addCommandLine(modelbind: modelbind, small: path("small"), runs: quick ? 10 : 31)
            try table.addBinarySize(modelbind: modelbind)
        } else {
            table.add(
                "small", "`modelbind validate` wall time, start to exit (release)",
                ours: "not measured", baseline: "—", ratio: "—",
                target: "≤ 6 ms (release build of modelbind failed, see run.sh output)", met: false)
        }

        let report = "## Results\n\n\(table.markdown)\n## Machine\n\n\(machine)\n"
        print(report)
        if let results {
            try FileManager.default.createDirectory(atPath: results, withIntermediateDirectories: true)
            try report.write(toFile: results + "/latest.md", atomically: true, encoding: .utf8)
        }
    }
}
