import ArgumentParser

struct ImportsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one import: its diff, skipped rows, warnings and why it was held or quarantined.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The import's number.")
    var id: Int64

    func run() async throws {
        let item = try await HeldImport(options, id: id, requireHeld: false).summary
        try options.emit(item) {
            print("import:   #\(item.id) \(item.state)")
            print("file:     \(item.fileName) (from \(item.path))")
            print("source:   \(item.source), \(item.mode)\(item.notes?.format.map { ", \($0)" } ?? "")")
            print("diff:     \(item.summary?.description ?? "-")")
            if let where_ = item.archivedPath { print("now at:   \(where_)") }
            if let reason = item.heldReason, item.state == "held" { print("held:     \(reason)") }
            if let error = item.error { print("error:    \(error)") }
            if let notes = item.notes {
                print("rows:     \(notes.rows) read, \(notes.skippedRows) skipped, \(notes.warningCount) warning(s)")
                for error in notes.rowErrors { print("  skipped: \(error)") }
                for warning in notes.warnings { print("  warning: \(warning)") }
            }
        }
    }
}
