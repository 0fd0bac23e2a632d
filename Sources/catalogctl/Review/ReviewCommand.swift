import ArgumentParser
import CatalogConfiguration
import CatalogReview
import CatalogStore

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Copy waiting for a person: low confidence, hallucinations, legal and translation review.",
        subcommands: [ReviewListCommand.self, ReviewShowCommand.self, ReviewApproveCommand.self, ReviewRejectCommand.self, ReviewEditCommand.self, ReviewAssignCommand.self]
    )
}

extension GlobalOptions {
    /// The review desk on this configuration's database and guardrail.
    func reviewDesk() throws -> ReviewDesk {
        let environment = try environment()
        return ReviewDesk(configuration: environment.configuration, database: environment.database)
    }
}

/// Turns a refused decision into a clean error message (exit status 1, no stack).
func reviewing<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ReviewError {
        throw ValidationError(error.message)
    }
}
