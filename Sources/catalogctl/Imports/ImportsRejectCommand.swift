import ArgumentParser
import CatalogCore
import Foundation

struct ImportsRejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Discard a held snapshot; its file moves to quarantine with your note.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The held import's number.")
    var id: Int64

    @Option(help: "Why, for the audit log and the quarantine sidecar.")
    var note: String = "no reason given"

    private struct Report: Encodable {
        let id: Int64
        let movedTo: String
    }

    func run() async throws {
        let movedTo = try await reviewing { try await options.reviewDesk().rejectHold(id, by: operatorName, note: note) }
        try options.emit(Report(id: id, movedTo: movedTo)) { print("rejected import #\(id); file moved to \(movedTo)") }
    }
}
