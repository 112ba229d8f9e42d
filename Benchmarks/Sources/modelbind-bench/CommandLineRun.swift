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
            target: "≤ 10 ms", met: wall <= 0.010)
    }
}
