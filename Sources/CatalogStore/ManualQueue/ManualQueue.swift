import CatalogCore
public import Foundation
import GRDB

/// One manual queue entry with its outbox history, for `catalogctl queue show`.
public struct ManualQueueDetail: Hashable, Sendable, Codable {
    public let entry: ManualQueueEntry
    public let attempts: Int
    public let lastError: String?
    public let exportedAt: Date?
    /// The outbox row's idempotency key: what a retry will carry.
    public let idempotencyKey: String
}

/// What a person did with a manual queue entry.
public enum ManualResolution: String, Hashable, Sendable, Codable {
    /// The copy is in the shop now (imported from the export, or typed in): it becomes the
    /// "last pushed" copy the drift check compares against.
    case publishedByHand = "published-by-hand"
    /// The copy is not wanted; nothing is published.
    case dismissed
}

/// The manual queue: copy a person publishes by hand, exported as import CSVs, retried or
/// resolved.
public struct ManualQueue: StoreRepository {
    let database: CatalogDatabase

    public func manualQueueDetail(id: Int64) async throws -> ManualQueueDetail? {
        try await read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT \(ManualEntryRecord.selection), o.attempts, o.last_error, o.idempotency_key, \(GenerationRecord.copySelection)
                    FROM manual_queue m JOIN outbox o ON o.id = m.outbox_id JOIN generations g ON g.id = o.generation_id
                    WHERE m.id = ?
                    """,
                arguments: [id]
            ), let copy = GenerationRecord.copy(from: row) else { return nil }
            let record = ManualEntryRecord(row: row)
            return ManualQueueDetail(
                entry: record.entry(copy: copy), attempts: row["attempts"], lastError: row["last_error"],
                exportedAt: record.exportedAt, idempotencyKey: row["idempotency_key"]
            )
        }
    }

    /// Puts an open (or exported) entry's copy back in the outbox, due now, with its attempts
    /// reset: after the shop came back, a credential was fixed, or a conflict was looked at and
    /// the copy should win. Returns false when the entry is not open.
    public func retryManualEntry(id: Int64, actor: String) async throws -> Bool {
        try await write { db in
            let now = nowSeconds
            guard let outboxID = try Self.openEntryOutboxID(db, id: id) else {
                return false
            }
            try db.execute(sql: "UPDATE manual_queue SET state = \(ManualEntryState.retried.sql) WHERE id = ?", arguments: [id])
            try db.execute(
                sql: "UPDATE outbox SET state = \(OutboxState.pending.sql), attempts = 0, next_attempt_at = ?, lease_until = NULL, updated_at = ? WHERE id = ?",
                arguments: [now, now, outboxID]
            )
            try CatalogDatabase.audit(db, at: now, actor: actor, action: "queue.retry", subject: "\(id)", detail: nil)
            return true
        }
    }

    /// Closes an open (or exported) entry. Returns false when the entry is not open.
    public func resolveManualEntry(id: Int64, as resolution: ManualResolution, note: String?, actor: String) async throws -> Bool {
        try await write { db in
            let now = nowSeconds
            guard let outboxID = try Self.openEntryOutboxID(db, id: id) else {
                return false
            }
            try db.execute(sql: "UPDATE manual_queue SET state = ? WHERE id = ?", arguments: [resolution.rawValue, id])
            let outboxState: OutboxState = resolution == .publishedByHand ? .published : .dismissed
            try db.execute(
                sql: "UPDATE outbox SET state = ?, note = ?, updated_at = ? WHERE id = ?",
                arguments: [outboxState.rawValue, "\(resolution.rawValue) by \(actor)" + (note.map { ": \($0)" } ?? ""), now, outboxID]
            )
            try CatalogDatabase.audit(db, at: now, actor: actor, action: "queue.resolve", subject: "\(id)", detail: [resolution.rawValue, note].compactMap { $0 }.joined(separator: ": "))
            return true
        }
    }

    /// The outbox row behind a manual queue entry a person can still act on (open or exported).
    static func openEntryOutboxID(_ db: Database, id: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT outbox_id FROM manual_queue WHERE id = ? AND state IN (\(ManualEntryState.open.sql), \(ManualEntryState.exported.sql))", arguments: [id])
    }

    /// The manual queue, oldest first. Superseded entries (newer copy exists) are never listed.
    public func entries(includeExported: Bool = true) async throws -> [ManualQueueEntry] {
        try await read { db in
            let states = includeExported ? "(\(ManualEntryState.open.sql), \(ManualEntryState.exported.sql))" : "(\(ManualEntryState.open.sql))"
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ManualEntryRecord.selection), \(GenerationRecord.copySelection)
                    FROM manual_queue m JOIN outbox o ON o.id = m.outbox_id JOIN generations g ON g.id = o.generation_id
                    WHERE m.state IN \(states) ORDER BY m.sku, m.locale, m.id
                    """
            ).compactMap { row in
                GenerationRecord.copy(from: row).map(ManualEntryRecord(row: row).entry(copy:))
            }
        }
    }

    public func markExported(_ ids: [Int64]) async throws {
        try await write { db in
            let statement = try db.cachedStatement(sql: "UPDATE manual_queue SET state = \(ManualEntryState.exported.sql), exported_at = ? WHERE id = ? AND state = \(ManualEntryState.open.sql)")
            for id in ids { try statement.execute(arguments: [nowSeconds, id]) }
        }
    }
}
