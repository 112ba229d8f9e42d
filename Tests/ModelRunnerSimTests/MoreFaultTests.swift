import Foundation
import ModelRunnerSim
import Testing

@Suite struct MoreFaultTests {
    @Test func exampleCatalogueLoads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/runner-catalog.json")
        let configuration = try SimCatalogFile.configuration(json: Array(try Data(contentsOf: url)))
        #expect(configuration.models.map(\.reference).first == "ai/smollm2:latest")
        #expect(configuration.models.contains { $0.isPresent })
        #expect(configuration.models.contains { $0.faults.contains(.status(.unauthorized)) })
    }

    @Test func forceTextPlainIgnoresAcceptAndHugeLineArrivesWhole() async throws {
        let model = SimModel(reference: "ai/x", size: 10, faults: [.forceTextPlain, .hugeLine(bytes: 3_000_000)])
        try await withSim(fastConfiguration([model])) { _, address in
            let response = try await pull(address, "ai/x", accept: "application/json")
            #expect(response.head.header("Content-Type") == "text/plain")
            let first = try #require(response.lines.first)
            #expect(first.utf8.count > 2_900_000)
            #expect(response.lines.last?.contains("Model pulled successfully") == true)
        }
    }

    @Test(arguments: [SimPullFault.stall(afterLines: 1), .neverEnding])
    func streamsThatNeverFinishEndWhenTheClientLeaves(fault: SimPullFault) async throws {
        let model = SimModel(reference: "ai/x", layerSizes: [2 * 1_048_576], faults: [fault])
        try await withSim(fastConfiguration([model])) { sim, address in
            try await RawHTTPConnection.with(address) { connection in
                try await connection.request("POST", "/models/create", body: #"{"from":"ai/x"}"#)
                _ = try #require(try await connection.readHead())
                // Both write at least one progress line before going quiet (stall) or running on (neverEnding).
                _ = try #require(try await connection.readChunk())
            }
            _ = try await sim.waitForEvent(.pullCancelled, model: "ai/x")
            #expect(sim.presentTags.isEmpty)
        }
    }

    @Test func byteByByteSendsOneByteChunks() async throws {
        let model = SimModel(reference: "ai/x", size: 10, faults: [.byteByByte(pause: .zero)])
        try await withSim(fastConfiguration([model])) { _, address in
            let response = try await pull(address, "ai/x")
            #expect(response.chunks.allSatisfy { $0.count == 1 })
            #expect(response.lines.count == 2)
        }
    }
}
