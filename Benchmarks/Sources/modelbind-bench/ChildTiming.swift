/// The timings the harness takes in a fresh process each (`modelbind-bench child time ...`), so
/// that no figure depends on what an earlier one left in the heap: in one process, loading the
/// 50 MB workload first made the large one measure about 10% slower afterwards.
struct ChildTiming {
    var file: String
    var runs: Int

    /// Load + validate against the floor scan, alternated; wall-time medians.
    func pair() -> (Double, Double) {
        Measure.pair(runs: runs) {
            floorScan(file)
        } subject: {
            _ = LibraryJob.loadAndValidate(file)
        }
    }

    /// The same in CPU time of every thread.
    func cpu() -> (Double, Double) {
        Measure.pair(runs: runs, clock: .cpu) {
            floorScan(file)
        } subject: {
            _ = LibraryJob.loadAndValidate(file)
        }
    }

    /// Loading a copy of the file with every top-level key renamed `x-` (the reader alone) against
    /// the floor scan of that copy.
    func unkept() throws -> (Double, Double) {
        let copy = try LibraryJob.unkeptCopy(of: file)
        return Measure.pair(runs: runs) {
            floorScan(copy)
        } subject: {
            _ = LibraryJob.loadOnly(copy)
        }
    }

    /// Load + validate alone, median wall time.
    func median() -> Double {
        Measure.median(runs: runs) { _ = LibraryJob.loadAndValidate(file) }
    }
}
