import ArgumentParser

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Not yet implemented.")

    func run() async throws {
        throw ValidationError("'up' is not implemented yet")
    }
}
