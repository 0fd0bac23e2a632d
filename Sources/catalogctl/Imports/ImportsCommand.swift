import ArgumentParser
import CatalogCore
import CatalogConfiguration
import CatalogIngest
import CatalogStore
import Foundation

struct ImportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imports",
        abstract: "Imported files: their state and diff, and the held snapshots waiting for a decision.",
        subcommands: [ImportsListCommand.self, ImportsShowCommand.self, ImportsApproveCommand.self, ImportsRejectCommand.self]
    )
}

/// Loads one import for `imports show`.
struct HeldImport {
    let summary: ImportSummary

    init(_ options: GlobalOptions, id: Int64, requireHeld: Bool) async throws {
        guard let found = try await options.environment().database.imports.importSummary(ImportID(id)) else {
            throw ValidationError("no import #\(id); see `catalogctl imports list`")
        }
        if requireHeld && found.state != ImportState.held.rawValue {
            throw ValidationError("import #\(id) is \(found.state), not held; only held imports can be approved or rejected")
        }
        summary = found
    }
}

extension ImportSummary {
    var oneLine: String {
        let outcome = summary?.description ?? error?.message ?? ""
        return "#\(id)\t\(state)\t\(source)\t\(fileName)\t\(outcome)"
    }
}
