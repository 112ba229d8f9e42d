import ArgumentParser

struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "provision", abstract: "Not yet implemented.")

    func run() async throws {
        throw ValidationError("'provision' is not implemented yet")
    }
}
