import CatalogCore
import Foundation
import GRDB

/// A row of `manual_queue`: copy handed to a person, and what became of it. The manual queue
/// reads its entries through this record, so each column is named once.
struct ManualEntryRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "manual_queue"

    enum Columns {
        static let id = Column("id")
        static let outboxID = Column("outbox_id")
        static let sku = Column("sku")
        static let locale = Column("locale")
        static let target = Column("target")
        static let reason = Column("reason")
        static let state = Column("state")
        static let createdAt = Column("created_at")
        static let exportedAt = Column("exported_at")
    }

    /// The columns a read selects, from `manual_queue` as `m`, beside its copy's.
    static let selection = [Columns.id, Columns.target, Columns.reason, Columns.state, Columns.createdAt, Columns.exportedAt].map { "m.\($0.name)" }.joined(separator: ", ")

    var id: Int64
    var target: String
    var reason: String
    var state: String
    var createdAt: Date
    var exportedAt: Date?

    init(row: Row) {
        id = row[Columns.id]
        target = row[Columns.target]
        reason = row[Columns.reason]
        state = row[Columns.state]
        createdAt = Date(timeIntervalSince1970: row[Columns.createdAt])
        exportedAt = (row[Columns.exportedAt] as Double?).map(Date.init(timeIntervalSince1970:))
    }

    func entry(copy: GeneratedCopy) -> ManualQueueEntry {
        ManualQueueEntry(id: id, target: target, reason: reason, state: state, createdAt: createdAt, copy: copy)
    }
}
