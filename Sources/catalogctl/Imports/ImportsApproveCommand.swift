import ArgumentParser
import CatalogCore

struct ImportsApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Apply a held snapshot after all, removals included.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The held import's number.")
    var id: Int64

    func run() async throws {
        let summary = try await reviewing { try await options.reviewDesk().approveHold(id, by: operatorName) }
        try options.emit(summary) { print("approved import #\(id): \(summary)") }
    }
}
