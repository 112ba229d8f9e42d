import ModelRunnerSim
import Testing

@Suite struct CatalogueTests {
    @Test func readsModelsKnobsAndFaults() throws {
        let json = """
            {"progressIntervalMs": 5, "maximumConcurrentPulls": 3,
             "models": [{"reference": "ai/smollm2:latest", "layers": ["250MiB", 13], "speed": "64MiB", "present": true,
                         "config": {"quantization": "Q8_0", "context_size": 8192},
                         "faults": [{"kind": "errorLine", "afterLines": 3, "message": "writing blob: disk full"},
                                    {"kind": "status", "status": 401}]}]}
            """
        let configuration = try SimCatalogFile.configuration(json: Array(json.utf8))
        #expect(configuration.progressInterval == .milliseconds(5))
        #expect(configuration.maximumConcurrentPulls == 3)
        let model = try #require(configuration.models.first)
        #expect(model.layerSizes == [262_144_000, 13])
        #expect(model.speed == .bytesPerSecond(67_108_864))
        #expect(model.isPresent)
        #expect(model.config.contextSize == 8192)
        #expect(
            model.faults == [.errorLine(afterLines: 3, message: "writing blob: disk full"), .status(.unauthorized)])
    }

    @Test(arguments: [
        (#"{"models": [{"size": "1MiB"}]}"#, "catalogue models[0]: missing \"reference\" (e.g. \"ai/smollm2:latest\")"),
        (
            #"{"models": [{"reference": "ai/x", "size": "lots"}]}"#,
            "catalogue models[0].size: \"lots\" is not a size; use e.g. 2016, 512KiB, 256MiB, 1.5GiB"
        ),
        (
            #"{"models": [{"reference": "ai/x", "faults": [{"kind": "explode"}]}]}"#,
            "catalogue models[0].faults[0].kind: unknown fault"
        ),
        (#"{"modles": []}"#, "catalogue modles: unknown key"),
        ("[1", "catalogue is not valid JSON"),
    ])
    func reportsWhereAndWhat(json: String, message: String) {
        #expect {
            _ = try SimCatalogFile.configuration(json: Array(json.utf8))
        } throws: { error in
            (error as? SimError)?.description.hasPrefix(message) == true
        }
    }

    @Test(arguments: [
        ("ai/smollm2:latest=256MiB", 268_435_456, SimPullSpeed.instant, false),
        ("ai/qwen3=2GiB@100MiB", 2_147_483_648, .bytesPerSecond(104_857_600), false),
        ("ai/x=1GiB@5s", 1_073_741_824, .duration(.seconds(5)), false),
        ("ai/y=2016!present", 2016, .instant, true),
    ])
    func parsesModelFlags(flag: String, size: Int, speed: SimPullSpeed, present: Bool) throws {
        let model = try SimCatalogFile.model(flag: flag)
        #expect(model.totalSize == size)
        #expect(model.speed == speed)
        #expect(model.isPresent == present)
    }

    @Test func rejectsBadModelFlag() {
        #expect(
            throws: SimError.invalidCatalogue(
                "--model ai/x=big: bad size \"big\"; use e.g. 2016, 512KiB, 256MiB, 1.5GiB")
        ) {
            _ = try SimCatalogFile.model(flag: "ai/x=big")
        }
    }
}
