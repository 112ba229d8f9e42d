import Foundation
import Testing

@testable import ComposeLoading
@testable import ComposeValidation
@testable import ModelBind

/// python3 for the workload generator, if this machine has it.
private let benchmarkPython = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// Issue 6's workloads: `scripts/bench/generate_workloads.py` writes the same bytes every run, and
/// what it writes loads and validates without an error (the benchmark harness refuses to time a
/// workload that does not, so a loader change that broke them would otherwise show up only when
/// someone runs the benchmarks). The 50 MB `huge` workload is the `large` shape scaled up and is
/// not generated here.
@Suite(.enabled(if: benchmarkPython != nil, "needs python3 to run the generator"))
struct BenchmarkWorkloadTests {
    static let generator = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/bench/generate_workloads.py").standardizedFileURL.path

    /// Generates `small` and `large` into a fresh directory.
    static func generate() throws -> TemporaryProject {
        let directory = try TemporaryProject([:])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(benchmarkPython))
        process.arguments = [generator, directory.directory, "small", "large"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return directory
    }

    @Test func generatingTwiceWritesTheSameBytes() throws {
        let first = try Self.generate()
        let second = try Self.generate()
        for name in ["small.yaml", "large.yaml"] {
            let a = try #require(FileManager.default.contents(atPath: first.directory + "/" + name))
            let b = try #require(FileManager.default.contents(atPath: second.directory + "/" + name))
            #expect(a == b, "\(name) differs between runs")
        }
        let large = try #require(FileManager.default.contents(atPath: first.directory + "/large.yaml"))
        #expect((2_500_000...3_500_000).contains(large.count), "large.yaml is \(large.count) bytes, not about 3 MB")
    }

    @Test func workloadsLoadAndValidateWithoutErrors() throws {
        let workloads = try Self.generate()
        // name: (models, services, bindings) the generator's shape gives.
        let shapes = ["small.yaml": (3, 4, 4), "large.yaml": (1_000, 5_000, 9_167)]
        for (name, shape) in shapes {
            let run = ValidationRun.analyze(
                loader: ProjectLoader(environment: [:]),
                load: LoadOptions(files: [workloads.directory + "/" + name]),
                options: ValidationOptions())
            #expect(run.report.errorCount == 0, "\(name): \(run.report.diagnostics.filter { $0.severity == .error })")
            let project = try #require(run.project)
            #expect(project.models.count == shape.0, "\(name)")
            #expect(project.services.count == shape.1, "\(name)")
            #expect(project.bindings.count == shape.2, "\(name)")
        }
    }
}
