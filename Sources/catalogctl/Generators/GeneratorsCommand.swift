import ArgumentParser
import CatalogCore
import CatalogStore
import Foundation

struct GeneratorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generators",
        abstract: "The generator registry: provider + model + prompt version; the active one leads the route.",
        subcommands: [GeneratorsListCommand.self, GeneratorsPromoteCommand.self, GeneratorsRollbackCommand.self]
    )
}

struct GeneratorsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered generators and the copy each has written.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let generators = try await options.environment().database.copyLedger.generators()
        try options.emit(generators) {
            if generators.isEmpty { print("no generators registered yet (the daemon registers its configured ones at start)") }
            for generator in generators {
                print("\(generator.state == "active" ? "*" : " ") \(generator.name)@\(generator.version)  \(generator.state)  \(generator.provider)/\(generator.model)  prompt v\(generator.promptVersion)  \(generator.generations) generation(s)")
            }
        }
    }
}

struct GeneratorsPromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "promote", abstract: "Make a generator the active one (the one it replaces can be rolled back to); a model must have won an experiment first.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "NAME@VERSION, as `generators list` prints it.")
    var generator: String

    func run() async throws {
        guard let at = generator.lastIndex(of: "@"), at != generator.startIndex, generator.index(after: at) != generator.endIndex else {
            throw ValidationError("expected NAME@VERSION, such as template@1")
        }
        let identity = GeneratorIdentity(name: String(generator[..<at]), version: String(generator[generator.index(after: at)...]))
        let database = try options.environment().database
        // The registry rule: a model becomes the default only after it has won an experiment.
        // The template, the deterministic fallback, can always be made the default again.
        if identity.name != "template", try await !database.experiments.hasWonExperiment(identity) {
            throw ValidationError("\(identity) has not won an experiment; test it first: catalogctl ab create --skus … --variant-b \(identity)")
        }
        do {
            try await database.copyLedger.promoteGenerator(identity)
        } catch let error as CatalogError {
            throw ValidationError(error.message)
        }
        try await database.recordAudit(actor: operatorName, action: "generator-promote", subject: identity.description)
        try options.emit(["active": identity.description]) { print("\(identity) is now the active generator") }
    }
}

struct GeneratorsRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Return to the generator that was active before the current one.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let database = try options.environment().database
        let identity: GeneratorIdentity
        do {
            identity = try await database.copyLedger.rollbackGenerator()
        } catch let error as CatalogError {
            throw ValidationError(error.message)
        }
        try await database.recordAudit(actor: operatorName, action: "generator-rollback", subject: identity.description)
        try options.emit(["active": identity.description]) { print("rolled back: \(identity) is the active generator again") }
    }
}
