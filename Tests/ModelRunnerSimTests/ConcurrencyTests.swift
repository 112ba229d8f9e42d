import ModelRunnerSim
import Testing

@Suite struct ConcurrencyTests {
    @Test func thirdPullGetsNoBytesUntilASlotFrees() async throws {
        let models = [
            SimModel(reference: "ai/a", size: 10, faults: [.pauseUntilResumed(afterLines: 0)]),
            SimModel(reference: "ai/b", size: 10, faults: [.pauseUntilResumed(afterLines: 0)]),
            SimModel(reference: "ai/c", size: 10),
        ]
        try await withSim(fastConfiguration(models)) { sim, address in
            try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for name in ["ai/a", "ai/b"] {
                    group.addTask { (name, try await pull(address, name).lines.count) }
                }
                _ = try await sim.waitForEvents(.pullPaused, count: 2)
                group.addTask { ("ai/c", try await pull(address, "ai/c").lines.count) }
                let queued = try await sim.waitForEvent(.pullQueued, model: "ai/c")
                #expect(sim.activePulls == 2)
                #expect(sim.pullsWaitingForSlot == 1)
                #expect(!sim.events.contains { $0.kind == .pullResponseStarted && $0.model == "ai/c" })

                sim.resumePausedPulls()
                var lines: [String: Int] = [:]
                for try await (name, count) in group { lines[name] = count }
                #expect(lines == ["ai/a": 2, "ai/b": 2, "ai/c": 2])

                let events = sim.events
                let firstFinish = try #require(events.first { $0.kind == .pullFinished && $0.model != "ai/c" })
                let cStarted = try #require(events.first { $0.kind == .pullResponseStarted && $0.model == "ai/c" })
                #expect(queued.sequence < firstFinish.sequence)
                #expect(firstFinish.sequence < cStarted.sequence)
                #expect(sim.maxConcurrentPullsObserved == 2)
            }
        }
    }

    @Test func queuedPullAbandonedByItsClientSendsNothingAndFreesNothing() async throws {
        let models = [
            SimModel(reference: "ai/a", size: 10, faults: [.pauseUntilResumed(afterLines: 0)]),
            SimModel(reference: "ai/b", size: 10, faults: [.pauseUntilResumed(afterLines: 0)]),
            SimModel(reference: "ai/c", size: 10),
        ]
        try await withSim(fastConfiguration(models)) { sim, address in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in ["ai/a", "ai/b"] { group.addTask { _ = try await pull(address, name) } }
                _ = try await sim.waitForEvents(.pullPaused, count: 2)
                try await RawHTTPConnection.with(address) { connection in
                    try await connection.request("POST", "/models/create", body: #"{"from":"ai/c"}"#)
                    _ = try await sim.waitForEvent(.pullQueued, model: "ai/c")
                }
                let abandoned = try await sim.waitForEvent(.pullAbandoned, model: "ai/c")
                #expect(abandoned.model == "ai/c")
                #expect(sim.pullsWaitingForSlot == 0)
                #expect(sim.activePulls == 2)
                sim.resumePausedPulls()
                try await group.waitForAll()
            }
            #expect(!sim.events.contains { $0.kind == .pullStarted && $0.model == "ai/c" })
            #expect(!sim.presentTags.contains("docker.io/ai/c:latest"))
        }
    }

    @Test func clientDisconnectMidStreamCancelsThePull() async throws {
        let model = SimModel(
            reference: "ai/slow", layerSizes: [4 * 1_048_576], faults: [.pauseUntilResumed(afterLines: 1)])
        try await withSim(fastConfiguration([model])) { sim, address in
            try await RawHTTPConnection.with(address) { connection in
                try await connection.request(
                    "POST", "/models/create", headers: [("Accept", "application/json")], body: #"{"from":"ai/slow"}"#)
                let head = try #require(try await connection.readHead())
                #expect(head.status == 200)
                let first = try #require(try await connection.readChunk())
                #expect(String(decoding: first, as: UTF8.self).hasPrefix(#"{"type":"progress""#))
                _ = try await sim.waitForEvent(.pullPaused)
            }
            let cancelled = try await sim.waitForEvent(.pullCancelled, model: "ai/slow")
            #expect(cancelled.model == "ai/slow")
            #expect(sim.presentTags.isEmpty)
            #expect(sim.activePulls == 0)
            let inspect = try await send(address, "GET", "/models/ai/slow")
            #expect(inspect.head.status == 404)
        }
    }

    /// DMR releases its pull slot in a deferred call, which runs before Go's server writes the end
    /// of the body: a client that has read a whole response, success or error, finds the slot free
    /// and can start the next pull at once (a provisioner at `--parallel 1` never sees two).
    @Test func theSlotIsFreeOnceTheClientHasTheWholeResponse() async throws {
        try await withSim(fastConfiguration([SimModel(reference: "ai/a", size: 10)])) { sim, address in
            try await RawHTTPConnection.with(address) { connection in
                for reference in Array(repeating: ["ai/a", "ai/missing", "ai/a"], count: 10).joined() {
                    try await connection.request("POST", "/models/create", body: "{\"from\":\"\(reference)\"}")
                    let response = try #require(try await connection.readResponse())
                    #expect(response.head.status == (reference == "ai/a" ? 200 : 404))
                    #expect(sim.activePulls == 0, "after \(reference)")
                }
            }
            #expect(sim.maxConcurrentPullsObserved == 1)
        }
    }
}
