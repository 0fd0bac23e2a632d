public import CatalogCore
import Foundation
import GRDB
import GRDBSQLite
/// The imports ledger: each file claimed, staged in batches, diffed against the stored

extension ImportLedger {
    public func recentImports(limit: Int, state: ImportState? = nil) async throws -> [ImportSummary] {
        try await read { db in try Self.summaries(db, limit: limit, state: state) }
    }

    public func importSummary(_ id: ImportID) async throws -> ImportSummary? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM imports WHERE id = ?", arguments: [id.rawValue]).map(Self.importSummary)
        }
    }

    static func summaries(_ db: Database, limit: Int, state: ImportState? = nil) throws -> [ImportSummary] {
        let filter = state == nil ? "" : "WHERE state = ?"
        let arguments: StatementArguments = state.map { [$0.rawValue, limit] } ?? [limit]
        return try Row.fetchAll(db, sql: "SELECT * FROM imports \(filter) ORDER BY id DESC LIMIT ?", arguments: arguments).map(Self.importSummary)
    }

    private static func importSummary(_ row: Row) -> ImportSummary {
        let decoder = JSONDecoder()
        return ImportSummary(
            id: row["id"], fileName: row["file_name"], path: row["path"], source: row["source"],
            mode: row["effective_mode"] ?? row["mode"], state: row["state"], summary: summary(row),
            notes: (row["notes"] as String?).flatMap { try? decoder.decode(ImportNotes.self, from: Data($0.utf8)) },
            error: (row["error"] as String?).flatMap { try? decoder.decode(CatalogError.self, from: Data($0.utf8)) },
            heldReason: row["held_reason"], archivedPath: row["archived_path"],
            claimedAt: Date(timeIntervalSince1970: row["claimed_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"])
        )
    }
}
