// modelbind's benchmark harness. `Benchmarks/run.sh` builds everything and calls
//
//     modelbind-bench run --workloads DIR --modelbind PATH --yams PATH --python PATH --pyscript PATH [--quick]
//
// Every ratio is measured in the same run. Peak-RSS figures come from fresh child processes
// (`modelbind-bench child ...`), each reporting its own VmHWM (peak RSS) from /proc/self/status.
import CLibYAMLScan
import Foundation
import ModelBind
import YAML

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("modelbind-bench: \(message)\n".utf8))
    exit(1)
}

func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func floorScan(_ path: String) {
    guard libyaml_scan_file(path) > 0 else { fail("libyaml could not scan \(path)") }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "child":
    // One measurement in a fresh process: do the work, print the peak RSS as JSON.
    switch arguments.dropFirst().first {
    case "idle":
        print("{\"maxrss\": \(ChildProcess.peakResidentBytes())}")
    case "stream":
        let lines = Int(arguments.last ?? "") ?? 0
        let events = try ProgressStreamLoad.consume(lines: lines)
        print("{\"maxrss\": \(ChildProcess.peakResidentBytes()), \"events\": \(events)}")
    case "load":
        let summary = LibraryJob.loadAndValidate(arguments.last ?? "")
        print(
            "{\"maxrss\": \(ChildProcess.peakResidentBytes()), \"models\": \(summary.models), "
                + "\"clean\": \(summary.loadedCleanly)}")
    case "time":
        // `child time pair|cpu|unkept|median FILE RUNS`: one timing, in a process of its own.
        let rest = Array(arguments.dropFirst(2))
        guard rest.count == 3, let runs = Int(rest[2]) else { fail("child time pair|cpu|unkept|median FILE RUNS") }
        let timing = ChildTiming(file: rest[1], runs: runs)
        let (baseline, subject) =
            switch rest[0] {
            case "pair": timing.pair()
            case "cpu": timing.cpu()
            case "unkept": try timing.unkept()
            default: (0, timing.median())
            }
        print("{\"baseline\": \(baseline), \"subject\": \(subject)}")
    default:
        fail("child idle | stream LINES | load FILE | time KIND FILE RUNS")
    }
case "profile":
    // For callgrind: `valgrind --tool=callgrind modelbind-bench profile FILE [floor|emit]` runs one job once.
    let file = arguments.dropFirst().first ?? ""
    if arguments.last == "floor" {
        floorScan(file)
    } else if arguments.last == "emit" {
        print(try LibraryJob.emit(LibraryJob.project(file)))
    } else {
        print(LibraryJob.loadAndValidate(file))
    }
case "compare":
    // A quick look while working on the loader: `modelbind-bench compare FILE [RUNS]`.
    let file = arguments.dropFirst().first ?? ""
    let runs = Int(arguments.dropFirst(2).first ?? "") ?? 9
    let (floor, ours) = Measure.pair(runs: runs) {
        floorScan(file)
    } subject: {
        _ = LibraryJob.loadAndValidate(file)
    }
    print("floor \(ResultTable.time(floor))  ours \(ResultTable.time(ours))  ratio \(ResultTable.ratio(ours / floor))")
case "reader":
    // `modelbind-bench reader FILE [RUNS]`: the YAML reader alone.
    let file = arguments.dropFirst().first ?? ""
    let runs = Int(arguments.dropFirst(2).first ?? "") ?? 9
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
    let (floor, ours) = Measure.pair(runs: runs) {
        floorScan(file)
    } subject: {
        _ = try? YAMLReader.read(bytes, path: file)
    }
    print("floor \(ResultTable.time(floor))  reader \(ResultTable.time(ours))  ratio \(ResultTable.ratio(ours / floor))")
case "phases":
    // `modelbind-bench phases FILE`: medians of loading and of validating alone, and of loading
    // a copy with nothing kept (the reader and the `$` walk), each in its own runs.
    let file = arguments.dropFirst().first ?? ""
    let copy = try LibraryJob.unkeptCopy(of: file)
    var load: [Double] = []
    var validate: [Double] = []
    var unkept: [Double] = []
    for _ in 0..<15 {
        var project: ComposeProject?
        load.append(Measure.seconds { project = LibraryJob.analyze(file).project })
        guard let project else { fail("\(file) did not load") }
        validate.append(Measure.seconds { _ = ValidationStep.run(project) })
        unkept.append(Measure.seconds { _ = LibraryJob.loadOnly(copy) })
    }
    print(
        "load \(ResultTable.time(Measure.median(load)))  validate \(ResultTable.time(Measure.median(validate)))"
            + "  load with nothing kept \(ResultTable.time(Measure.median(unkept)))")
case "run":
    guard let workloads = option("--workloads", in: arguments), let modelbind = option("--modelbind", in: arguments),
        let yams = option("--yams", in: arguments), let python = option("--python", in: arguments),
        let pyscript = option("--pyscript", in: arguments)
    else {
        fail("run --workloads DIR --modelbind PATH --yams PATH --python PATH --pyscript PATH [--quick]")
    }
    try await Harness(
        workloads: workloads, modelbind: modelbind, yams: yams, python: python, pyscript: pyscript,
        quick: arguments.contains("--quick"), results: option("--results", in: arguments)
    ).run()
default:
    fail(
        "usage: modelbind-bench run ... | child ... | profile FILE [floor|emit] | compare FILE [RUNS] | reader FILE [RUNS] | phases FILE"
    )
}
