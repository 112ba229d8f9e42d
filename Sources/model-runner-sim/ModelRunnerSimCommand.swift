import ArgumentParser
import Dispatch
import ModelRunnerSim

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `model-runner-sim`: serves Docker Model Runner's management API from a catalogue, for tests and demos.
@main
struct ModelRunnerSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model-runner-sim",
        abstract: "A stand-in for Docker Model Runner, for tests and demos. It does no inference.",
        discussion: """
            Serves POST /models/create (streamed pull progress), GET /models, GET /models/{ref}, DELETE /models/{ref}, \
            POST /models/{ref}/tag, POST and GET /engines/_configure, GET /engines/status, /engines/ps, /engines/df, \
            POST /engines/unload, GET /version and GET / as Docker Model Runner does on the wire, for models listed in \
            a catalogue; nothing is downloaded. The OpenAI-compatible routes (GET models, POST chat/completions, \
            completions and embeddings under /engines/v1/, /engines/{backend}/v1/ and /v1/) make DMR's checks and \
            then answer with deterministic text and vectors built from the request: there is no inference.

            Examples:
              model-runner-sim --model ai/smollm2:latest=256MiB@64MiB
              model-runner-sim --port 0 --catalog examples/runner-catalog.json
              model-runner-sim --socket /tmp/dmr.sock --model ai/qwen3=2GiB@5s

            It prints one line when ready ("ModelRunnerSim listening on URL (...)") and runs until SIGINT or SIGTERM.
            """
    )

    @Option(help: "TCP port to listen on; 0 picks a free port (printed on the ready line).")
    var port: Int = 12434

    @Option(help: "TCP host to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Listen on this unix socket path instead of TCP.", valueName: "path"))
    var socket: String?

    @Option(
        help: ArgumentHelp(
            "A JSON catalogue of models and faults (see examples/runner-catalog.json).", valueName: "file"))
    var catalog: String?

    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            "A model it can pull: REF=SIZE[@SPEED], SPEED in bytes/second (50MiB) or a duration (5s); add !present "
                + "for an already pulled model. Repeatable.", valueName: "ref=size[@speed]"))
    var models: [String] = []

    @Option(help: "Default pull duration in seconds for --model entries without @SPEED.")
    var pullSeconds: Double?

    @Option(
        help: ArgumentHelp(
            "Default pull speed (bytes/second, e.g. 50MiB) for --model entries without @SPEED.", valueName: "size"))
    var speed: String?

    @Option(help: "Milliseconds between progress ticks (DMR: 100).")
    var progressIntervalMs: Int?

    @Option(help: "Pulls that may stream at once (DMR: 2).")
    var maxConcurrentPulls: Int?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port \(port) is out of range; use 0-65535") }
        if pullSeconds != nil && speed != nil { throw ValidationError("give --pull-seconds or --speed, not both") }
        if let speed, SimByteSize.parse(speed) == nil {
            throw ValidationError("--speed \(speed) is not a size per second; use e.g. 50MiB")
        }
    }

    func run() async throws {
        var configuration = SimConfiguration()
        if let catalog {
            let url = URL(fileURLWithPath: catalog)
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw ValidationError("--catalog \(catalog): cannot read the file (\(error))")
            }
            do {
                configuration = try SimCatalogFile.configuration(json: Array(data), base: configuration)
            } catch let error as SimError {
                throw ValidationError("\(catalog): \(error.description)")
            }
        }
        var defaultSpeed = SimPullSpeed.instant
        if let pullSeconds { defaultSpeed = .duration(.milliseconds(Int64(pullSeconds * 1000))) }
        if let speed, let bytes = SimByteSize.parse(speed) { defaultSpeed = .bytesPerSecond(max(1, bytes)) }
        for flag in models {
            do {
                configuration.models.append(try SimCatalogFile.model(flag: flag, speed: defaultSpeed))
            } catch let error as SimError {
                throw ValidationError(error.description)
            }
        }
        if let progressIntervalMs { configuration.progressInterval = .milliseconds(max(0, progressIntervalMs)) }
        if let maxConcurrentPulls { configuration.maximumConcurrentPulls = max(1, maxConcurrentPulls) }

        let signals = SignalWaiter()
        let sim = ModelRunnerSim(configuration: configuration)
        let listen: SimListenAddress = socket.map { .unix(path: $0) } ?? .tcp(host: host, port: port)
        let address: SimBoundAddress
        do {
            address = try await sim.start(listening: listen)
        } catch {
            let target = socket.map { "unix socket \($0)" } ?? "\(host):\(port)"
            throw StartError(
                description: "cannot listen on \(target): \(error) (is another runner using it? try --port 0)")
        }
        print("ModelRunnerSim listening on \(address.url) (\(ModelRunnerSim.disclaimer))")
        fflush(nil)  // every stream: `stdout` itself is shared mutable state to Swift 6
        await signals.wait()
        try await sim.shutdown()
    }
}

/// The server could not start; ArgumentParser prints the description after `Error: `.
struct StartError: Error, CustomStringConvertible {
    var description: String
}

/// Waits for SIGINT or SIGTERM (installed before the server starts, so an early signal is not lost).
final class SignalWaiter {
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        self.sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func wait() async {
        for await _ in stream { return }
    }
}
