import CatalogCore
import Foundation
import GRDB

/// A row of `generation_jobs`: a request to (re)generate one SKU's copy, its place in the
/// queue and its lease. Job listings and claims read it through these columns.
struct JobRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "generation_jobs"

    enum Columns {
        static let id = Column("id")
        static let sku = Column("sku")
        static let reason = Column("reason")
        static let priority = Column("priority")
        static let source = Column("source")
        static let state = Column("state")
        static let attempts = Column("attempts")
        static let lastError = Column("last_error")
        static let leaseUntil = Column("lease_until")
        static let createdAt = Column("created_at")
        static let updatedAt = Column("updated_at")
    }

    /// The columns a listing selects (`summary`).
    static let summarySelection = [
        Columns.id, Columns.sku, Columns.reason, Columns.priority, Columns.state, Columns.attempts, Columns.lastError, Columns.createdAt, Columns.updatedAt,
    ].map(\.name).joined(separator: ", ")

    var id: Int64
    var sku: String
    var reason: String
    var priority: Int
    var state: String
    var attempts: Int
    var lastError: String?
    var createdAt: Double
    var updatedAt: Double

    init(row: Row) {
        id = row[Columns.id]
        sku = row[Columns.sku]
        reason = row[Columns.reason]
        priority = row[Columns.priority]
        state = row[Columns.state]
        attempts = row[Columns.attempts]
        lastError = row[Columns.lastError]
        createdAt = row[Columns.createdAt]
        updatedAt = row[Columns.updatedAt]
    }

    var summary: JobSummary {
        JobSummary(
            id: id, sku: sku, reason: reason, priority: JobPriority(rawValue: priority)?.name ?? "\(priority)",
            state: state, attempts: attempts, lastError: lastError,
            createdAt: Date(timeIntervalSince1970: createdAt), updatedAt: Date(timeIntervalSince1970: updatedAt)
        )
    }
}
