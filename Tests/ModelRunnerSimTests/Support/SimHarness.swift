import ModelRunnerSim

/// Starts a simulator for one test and always shuts it down.
func withSim<T: Sendable>(
    _ configuration: SimConfiguration, listening: SimListenAddress = .ephemeral,
    _ body: (ModelRunnerSim, SimBoundAddress) async throws -> T
) async throws -> T {
    let sim = ModelRunnerSim(configuration: configuration)
    let address = try await sim.start(listening: listening)
    do {
        let result = try await body(sim, address)
        try await sim.shutdown()
        return result
    } catch {
        try await sim.shutdown()
        throw error
    }
}

/// A fast configuration: no waits between progress ticks.
func fastConfiguration(_ models: [SimModel]) -> SimConfiguration {
    SimConfiguration(models: models, progressInterval: .zero, progressByteStep: 1_048_576)
}

/// One pull over a fresh connection, read to the end.
func pull(
    _ address: SimBoundAddress, _ reference: String, accept: String? = "application/json"
) async throws -> RawHTTPConnection.Response {
    try await RawHTTPConnection.with(address) { connection in
        var headers = [("Content-Type", "application/json")]
        if let accept { headers.append(("Accept", accept)) }
        try await connection.request(
            "POST", "/models/create", headers: headers, body: "{\"from\":\"\(reference)\"}")
        guard let response = try await connection.readResponse() else { throw RawHTTPConnection.EndOfStream() }
        return response
    }
}

/// One simple request over a fresh connection.
func send(
    _ address: SimBoundAddress, _ method: String, _ path: String, headers: [(String, String)] = [], body: String = "",
    host: String? = "localhost"
) async throws -> RawHTTPConnection.Response {
    try await RawHTTPConnection.with(address) { connection in
        try await connection.request(method, path, headers: headers, body: body, host: host)
        guard let response = try await connection.readResponse() else { throw RawHTTPConnection.EndOfStream() }
        return response
    }
}
