import ArgumentParser

struct WrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wrap", abstract: "Not yet implemented.")

    func run() async throws {
        throw ValidationError("'wrap' is not implemented yet")
    }
}
