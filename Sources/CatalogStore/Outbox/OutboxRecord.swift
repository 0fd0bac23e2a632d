import CatalogCore
import Foundation
import GRDB

/// A row of `outbox`: one locale's copy of one SKU waiting for (or done with) one target.
/// Claims and listings select and decode outbox items through these columns, from `outbox`
/// as `o` joined to its copy in `generations` as `g`.
enum OutboxRecord {
    static let databaseTableName = "outbox"

    enum Columns {
        static let id = Column("id")
        /// sku + locale + content + target + slot: what makes a push happen once.
        static let idempotencyKey = Column("idempotency_key")
        static let generationID = Column("generation_id")
        static let sku = Column("sku")
        static let locale = Column("locale")
        static let target = Column("target")
        static let contentHash = Column("content_hash")
        static let priority = Column("priority")
        static let slot = Column("slot")
        /// Push over a person's edit in the shop (an approved conflict).
        static let overwrite = Column("overwrite")
        static let state = Column("state")
        static let attempts = Column("attempts")
        static let lastError = Column("last_error")
        static let note = Column("note")
        static let nextAttemptAt = Column("next_attempt_at")
        static let leaseUntil = Column("lease_until")
        static let createdAt = Column("created_at")
        static let updatedAt = Column("updated_at")
    }

    /// The columns `item(from:)` and `entry(from:)` read: the row's, its copy's and handle, and
    /// the hash of the copy last published for the same SKU, locale, target and slot.
    static let itemSelection = """
        \([Columns.id, Columns.idempotencyKey, Columns.target, Columns.attempts, Columns.createdAt, Columns.slot, Columns.overwrite].map { "o.\($0.name)" }.joined(separator: ", ")), \
        g.\(GenerationRecord.Columns.handle.name), \(GenerationRecord.copySelection),
            (SELECT p.content_hash FROM outbox p
             WHERE p.sku = o.sku AND p.locale = o.locale AND p.target = o.target AND p.slot = o.slot AND p.state = \(OutboxState.published.sql)
             ORDER BY p.updated_at DESC, p.id DESC LIMIT 1) AS last_pushed
        """

    static func item(from row: Row) -> PublishItem? {
        guard let copy = GenerationRecord.copy(from: row) else { return nil }
        let lastPushed = (row["last_pushed"] as Data?).flatMap { ContentHash(bytes: Array($0)) }
        return PublishItem(
            target: row[Columns.target], copy: copy, handle: row[GenerationRecord.Columns.handle], lastPushed: lastPushed,
            slot: CopySlot(rawValue: row[Columns.slot] ?? "main") ?? .main, overwrite: row[Columns.overwrite] ?? false
        )
    }

    static func entry(from row: Row) -> OutboxEntry? {
        item(from: row).map { OutboxEntry(id: row[Columns.id], attempts: row[Columns.attempts], createdAt: Date(timeIntervalSince1970: row[Columns.createdAt]), item: $0) }
    }
}
