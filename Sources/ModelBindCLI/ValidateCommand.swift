import ArgumentParser

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Not yet implemented.")

    func run() async throws {
        throw ValidationError("'validate' is not implemented yet")
    }
}
