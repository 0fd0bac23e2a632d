import ArgumentParser
import CatalogCore
import Foundation

struct ImportsRejectCommand: ParsableCommand {
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

    func run() throws {
        let held = try HeldImport(options, id: id, requireHeld: true)
        guard let file = held.heldFile else { throw ValidationError("import #\(id) has no held file recorded") }
        let reason = CatalogError(.rejectedByOperator, "rejected by \(operatorName): \(note)", context: .init(file: held.summary.fileName))
        let movedTo = try held.importer().reject(ImportID(id), heldFile: file, reason: reason)
        try held.environment.database.recordAudit(actor: operatorName, action: "import.reject", subject: "import #\(id)", detail: note)
        try options.emit(Report(id: id, movedTo: movedTo)) { print("rejected import #\(id); file moved to \(movedTo)") }
    }
}
