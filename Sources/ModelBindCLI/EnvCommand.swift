import ArgumentParser

struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "env", abstract: "Not yet implemented.")

    func run() async throws {
        throw ValidationError("'env' is not implemented yet")
    }
}
