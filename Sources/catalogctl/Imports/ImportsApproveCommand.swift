import ArgumentParser
import CatalogCore

struct ImportsApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Apply a held snapshot after all, removals included.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The held import's number.")
    var id: Int64

    func run() throws {
        let summary = try reviewing { try options.reviewDesk().approveHold(id, by: operatorName) }
        try options.emit(summary) { print("approved import #\(id): \(summary)") }
    }
}
