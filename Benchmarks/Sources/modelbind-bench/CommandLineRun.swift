import Foundation

extension ResultTable {
    /// `modelbind validate -f small.yaml` (or `config` until `validate` exists), start to exit.
    mutating func addCommandLine(modelbind: String, small: String, runs: Int) throws {
        var command = [modelbind, "validate", "-f", small]
        if try ChildProcess.wallTime(command).status != 0 {
            command = [modelbind, "config", "-f", small, "--format", "json"]
        }
        var walls: [Double] = []
        var startups: [Double] = []
        for _ in 0..<runs {
            walls.append(try ChildProcess.wallTime(command).seconds)
            startups.append(try ChildProcess.wallTime([modelbind, "--version"]).seconds)
        }
        let wall = Measure.median(walls)
        let startup = Measure.median(startups)
        add(
            "small", "`modelbind \(command[1])` wall time, start to exit (release)", ours: ResultTable.time(wall),
            baseline: ResultTable.time(startup) + " (`--version`)", ratio: ResultTable.ratio(wall / startup),
            target: "≤ 6 ms", met: wall <= 0.006)
    }

    /// The size of the binary as built and stripped (`strip -o`), against Docker Compose's 77 MB.
    mutating func addBinarySize(modelbind: String) throws {
        let stripped = NSTemporaryDirectory() + "/modelbind-bench-stripped"
        guard try ChildProcess.wallTime(["/usr/bin/strip", "-o", stripped, modelbind]).status == 0 else {
            add("release", "binary size, stripped", ours: "not measured", baseline: "—", ratio: "—",
                target: "≤ 40 MB (strip failed)", met: false)
            return
        }
        let size = (try FileManager.default.attributesOfItem(atPath: stripped)[.size] as? Int) ?? 0
        let built = (try FileManager.default.attributesOfItem(atPath: modelbind)[.size] as? Int) ?? 0
        add(
            "release", "binary size, stripped (as built: \(built / 1_000_000) MB)", ours: "\(size / 1_000_000) MB",
            baseline: "77 MB (docker-compose 2.40.3)", ratio: ResultTable.ratio(Double(size) / 77_000_000),
            target: "≤ 40 MB", met: size <= 40_000_000)
    }
}
