import ArgumentParser
import CatalogCore
import CatalogDaemon
import CatalogIngest
import CatalogStore
import Foundation

struct ImportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imports",
        abstract: "Imported files: their state and diff, and the held snapshots waiting for a decision.",
        subcommands: [ImportsListCommand.self, ImportsShowCommand.self, ImportsApproveCommand.self, ImportsRejectCommand.self]
    )
}

/// Loads one import and, for approve and reject, checks that it is waiting for a decision.
struct HeldImport {
    let environment: CatalogEnvironment
    let summary: ImportSummary

    init(_ options: GlobalOptions, id: Int64, requireHeld: Bool) throws {
        environment = try options.environment()
        guard let found = try environment.database.importSummary(ImportID(id)) else {
            throw ValidationError("no import #\(id); see `catalogctl imports list`")
        }
        if requireHeld && found.state != ImportState.held.rawValue {
            throw ValidationError("import #\(id) is \(found.state), not held; only held imports can be approved or rejected")
        }
        summary = found
    }

    var heldFile: URL? { summary.archivedPath.map { URL(fileURLWithPath: $0) } }

    func importer() -> FileImporter {
        let folder = environment.configuration.watches.first { $0.source == summary.source } ?? environment.configuration.watches[0]
        return environment.makeImporter(for: folder, logger: .init(label: "catalogctl"))
    }
}

extension ImportSummary {
    var oneLine: String {
        let outcome = summary?.description ?? error?.message ?? ""
        return "#\(id)\t\(state)\t\(source)\t\(fileName)\t\(outcome)"
    }
}
