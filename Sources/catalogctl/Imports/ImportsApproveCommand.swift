import ArgumentParser
import CatalogCore

struct ImportsApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Apply a held snapshot after all, removals included.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The held import's number.")
    var id: Int64

    func run() throws {
        let held = try HeldImport(options, id: id, requireHeld: true)
        guard let file = held.heldFile else { throw ValidationError("import #\(id) has no held file recorded") }
        let summary = try held.importer().approve(ImportID(id), heldFile: file)
        try held.environment.database.recordAudit(actor: operatorName, action: "import.approve", subject: "import #\(id)", detail: summary.description)
        try options.emit(summary) { print("approved import #\(id): \(summary)") }
    }
}
