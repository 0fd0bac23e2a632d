public import CatalogCore
public import Foundation
import GRDB

/// A claimed outbox row: one locale's copy of one SKU to push to one target.
public struct OutboxEntry: Hashable, Sendable {
    public let id: Int64
    public let attempts: Int
    /// When the copy was queued: a push still failing after the configured age is handed to a
    /// person.
    public let createdAt: Date
    public let item: PublishItem
}

/// An item waiting for a person: the copy, and why it could not be published automatically.
public struct ManualQueueEntry: Hashable, Sendable, Codable {
    public let id: Int64
    public let target: String
    public let reason: String
    public let state: String
    public let createdAt: Date
    public let copy: GeneratedCopy

    public init(id: Int64, target: String, reason: String, state: String, createdAt: Date, copy: GeneratedCopy) {
        self.id = id
        self.target = target
        self.reason = reason
        self.state = state
        self.createdAt = createdAt
        self.copy = copy
    }
}

/// How a push ended, for `settle`: published (with what the target adjusted), or handed to a
/// person with the reason.
public enum OutboxSettlement: Hashable, Sendable {
    case published(note: String?)
    case manual(reason: String)
}

/// Which outbox rows a claim takes: urgent rows (manual and inventory priority) have a lane of
/// their own that never waits behind a bulk batch.
public enum OutboxLane: Sendable {
    case all
    case urgent
    case routine

    /// Manual and inventory rows: what may not wait behind a bulk operation.
    static let urgentRows = "o.priority <= \(JobPriority.inventory.rawValue)"

    var filter: String {
        switch self {
        case .all: ""
        case .urgent: "AND \(Self.urgentRows)"
        case .routine: "AND NOT \(Self.urgentRows)"
        }
    }
}

/// The outbox: copy waiting for a shop, claimed in lanes under a lease, settled as published,
/// retried, postponed or handed to a person.
public struct Outbox: StoreRepository {
    let database: CatalogDatabase

    /// The clock the stage's times are stamped with.
    public var clock: any WallClock { database.clock }

    /// How many of `target`'s rows in `lane` are due and waiting, counted no further than
    /// `cap`: whether the target has enough for a bulk run, whatever one claim returned (a
    /// translation waits for its primary copy, so a claim can hold fewer rows than are due).
    public func dueOutboxRows(target: String, lane: OutboxLane, cap: Int) async throws -> Int {
        guard cap > 0 else { return 0 }
        return try await read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM (
                        SELECT 1 FROM outbox o INDEXED BY outbox_claim_order
                        WHERE o.state = \(OutboxState.pending.sql) AND o.next_attempt_at <= ? AND o.target = ? \(lane.filter) LIMIT ?
                    )
                    """,
                arguments: [nowSeconds, target, cap]
            ) ?? 0
        }
    }

    /// Claims due outbox rows, highest priority then oldest first, with a lease; a row whose
    /// lease expired (the daemon died mid-push) is claimed again, and its idempotency key makes
    /// the repeat harmless. The rows are read in the order of the pending rows' index, so a
    /// claim's cost does not grow with the outbox (only rows waiting for a retry are stepped
    /// over). A row whose item (SKU, locale, target, slot) is still being pushed from an older
    /// row it superseded waits for that push to end: the shop then shows the newer copy last,
    /// whichever lane pushes which. `target`: only that target's rows (the outbox claims batches for
    /// bulk-capable targets); `lane`: only urgent or only routine rows.
    /// With `primaryLocale`, a translation waits while its product's primary-locale copy is
    /// still to be pushed: a shop like Shopify files a translation against the primary text it
    /// sees, so the primary goes first.
    /// `leavingRoutineRowsOf`: targets whose routine rows are left to their own claims (the
    /// batch-capable ones); their urgent rows are still claimed.
    public func claimOutbox(
        limit: Int, target: String? = nil, leavingRoutineRowsOf batchTargets: [String] = [], lane: OutboxLane = .all,
        leaseSeconds: Double = 120, primaryLocale: String? = nil
    ) async throws -> [OutboxEntry] {
        try await write { db in
            let now = nowSeconds
            // A push whose lease expired (the daemon died mid-push) waits in its old place again.
            let expired = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM outbox INDEXED BY outbox_leases WHERE state = \(OutboxState.inFlight.sql) AND lease_until < ?)")
            if try Bool.fetchOne(expired, arguments: [now]) == true {
                try db.execute(sql: "UPDATE outbox INDEXED BY outbox_leases SET state = \(OutboxState.pending.sql), lease_until = NULL WHERE state = \(OutboxState.inFlight.sql) AND lease_until < ?", arguments: [now])
            }
            var targetFilter = target == nil ? "" : "AND o.target = ?"
            if !batchTargets.isEmpty {
                targetFilter += " AND (o.target NOT IN (\(databaseQuestionMarks(count: batchTargets.count))) OR \(OutboxLane.urgentRows))"
            }
            var arguments: StatementArguments = [now]
            if let target { arguments += [target] }
            arguments += StatementArguments(batchTargets)
            arguments += [now]
            var primaryFirst = ""
            if let primaryLocale {
                primaryFirst = """
                    AND (o.locale = ? OR NOT EXISTS (
                        SELECT 1 FROM outbox p
                        WHERE p.sku = o.sku AND p.locale = ? AND p.target = o.target AND p.slot = o.slot AND p.state IN (\(OutboxState.pending.sql), \(OutboxState.inFlight.sql))
                    ))
                    """
                arguments += [primaryLocale, primaryLocale]
            }
            arguments += [limit]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(OutboxRecord.itemSelection)
                    FROM outbox o INDEXED BY outbox_claim_order JOIN generations g ON g.id = o.generation_id
                    WHERE o.state = \(OutboxState.pending.sql) AND o.next_attempt_at <= ? \(targetFilter) \(lane.filter)
                      AND NOT EXISTS (
                          SELECT 1 FROM outbox b
                          WHERE b.sku = o.sku AND b.locale = o.locale AND b.target = o.target AND b.slot = o.slot AND b.id <> o.id AND b.lease_until >= ?
                      )
                      \(primaryFirst)
                    ORDER BY o.priority, o.id LIMIT ?
                    """,
                arguments: arguments
            )
            let lease = try db.cachedStatement(sql: "UPDATE outbox SET state = \(OutboxState.inFlight.sql), lease_until = ?, updated_at = ? WHERE id = ?")
            return try rows.compactMap { row -> OutboxEntry? in
                try lease.execute(arguments: [now + leaseSeconds, now, row[OutboxRecord.Columns.id]])
                return OutboxRecord.entry(from: row)
            }
        }
    }

    /// What would be pushed to `target` next, without claiming anything: the waiting outbox
    /// rows (for `skus` only, when given). For `catalogctl push --dry-run`.
    public func waitingItems(target: String, skus: [SKU]? = nil) async throws -> [PublishItem] {
        try await read { db in
            var filter = ""
            var arguments: StatementArguments = [target]
            if let skus {
                filter = "AND o.sku IN (\(databaseQuestionMarks(count: skus.count)))"
                arguments += StatementArguments(skus.map(\.rawValue))
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(OutboxRecord.itemSelection)
                    FROM outbox o JOIN generations g ON g.id = o.generation_id
                    WHERE o.target = ? AND o.state IN (\(OutboxState.pending.sql), \(OutboxState.inFlight.sql)) \(filter)
                    ORDER BY o.sku, o.locale, o.id
                    """,
                arguments: arguments
            ).compactMap(OutboxRecord.item(from:))
        }
    }

    /// Hands claimed rows back untouched (no attempt counted), for a worker that stops before
    /// it got to them: the next claim takes them at once instead of after the lease.
    public func releaseOutbox(_ entries: [OutboxEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET state = CASE state WHEN \(OutboxState.inFlight.sql) THEN \(OutboxState.pending.sql) ELSE state END, lease_until = NULL
                    WHERE state IN (\(OutboxState.inFlight.sql), \(OutboxState.superseded.sql)) AND id IN (\(databaseQuestionMarks(count: entries.count)))
                    """,
                arguments: StatementArguments(entries.map(\.id))
            )
        }
    }

    /// `note`: what the target adjusted on the way (shown by `catalogctl queue show`).
    /// The product's other rows for the target that wait for a sibling (a translation for its
    /// primary-locale copy) are made due at once: what they waited for may be what just landed.
    public func markPublished(_ entry: OutboxEntry, note: String? = nil) async throws {
        try await write { db in try Self.settle(db, entry, .published(note: note), at: nowSeconds) }
    }

    /// Records many pushes' outcomes in one transaction, each as `markPublished` or
    /// `moveToManualQueue` would alone: a bulk batch (or the manual queue taking a whole claim)
    /// costs one commit, not one per row.
    public func settle(_ settlements: [(entry: OutboxEntry, outcome: OutboxSettlement)]) async throws {
        guard !settlements.isEmpty else { return }
        try await write { db in
            let now = self.nowSeconds
            for (entry, outcome) in settlements { try Self.settle(db, entry, outcome, at: now) }
        }
    }

    static func settle(_ db: Database, _ entry: OutboxEntry, _ outcome: OutboxSettlement, at now: Double) throws {
        guard try !endSupersededPush(db, entry.id) else { return }
        switch outcome {
        case .published(let note):
            try db.cachedStatement(sql: "UPDATE outbox SET state = \(OutboxState.published.sql), lease_until = NULL, last_error = NULL, note = ?, updated_at = ? WHERE id = ?")
                .execute(arguments: [note, now, entry.id])
            try db.cachedStatement(sql: """
                UPDATE outbox SET next_attempt_at = ?, waits_for_sibling = 0
                WHERE sku = ? AND target = ? AND state = \(OutboxState.pending.sql) AND waits_for_sibling = 1 AND next_attempt_at > ?
                """).execute(arguments: [now, entry.item.copy.sku.rawValue, entry.item.target, now])
        case .manual(let reason):
            try handToPerson(db, outboxID: entry.id, sku: entry.item.copy.sku.rawValue, locale: entry.item.copy.locale.identifier, target: entry.item.target, reason: reason, at: now)
        }
    }

    /// A push that ends on a row superseded while it was in flight changes nothing but the
    /// lease: the newer row, claimable once the lease is gone, decides what the shop shows
    /// (a retry must not bring the older copy back). True if `id` was such a row.
    static func endSupersededPush(_ db: Database, _ id: Int64) throws -> Bool {
        try db.execute(sql: "UPDATE outbox SET lease_until = NULL WHERE id = ? AND state = \(OutboxState.superseded.sql)", arguments: [id])
        return db.changesCount > 0
    }

    /// Puts a push back in line after `delaySeconds`, keeping the error for operators.
    /// `waitsForSibling`: it waits for another of the product's items, and is due as soon as
    /// one of them is published.
    public func scheduleRetry(_ entry: OutboxEntry, error: String, delaySeconds: Double, waitsForSibling: Bool = false) async throws {
        try await write { db in
            guard try !Self.endSupersededPush(db, entry.id) else { return }
            let now = nowSeconds
            try db.execute(
                sql: """
                    UPDATE outbox SET state = \(OutboxState.pending.sql), attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = NULL,
                        waits_for_sibling = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [error, now + delaySeconds, waitsForSibling, now, entry.id]
            )
        }
    }

    /// Puts a row back without counting an attempt (its target's circuit is open).
    public func postpone(_ entry: OutboxEntry, until: Date) async throws {
        try await write { db in
            guard try !Self.endSupersededPush(db, entry.id) else { return }
            try db.execute(
                sql: "UPDATE outbox SET state = \(OutboxState.pending.sql), next_attempt_at = ?, lease_until = NULL, updated_at = ? WHERE id = ?",
                arguments: [until.timeIntervalSince1970, nowSeconds, entry.id]
            )
        }
    }

    /// Records that the shop's copy was deliberately kept (a person's edit, by policy).
    public func markKeptShopCopy(_ entry: OutboxEntry, reason: String) async throws {
        try await write { db in
            guard try !Self.endSupersededPush(db, entry.id) else { return }
            try db.execute(
                sql: "UPDATE outbox SET state = \(OutboxState.keptShop.sql), lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ?",
                arguments: [reason, nowSeconds, entry.id]
            )
        }
    }

    /// Hands an item to a person. The outbox row and the queue entry change together; a row
    /// retried from the queue that fails again reopens its entry with the new reason.
    public func moveToManualQueue(_ entry: OutboxEntry, reason: String) async throws {
        try await write { db in try Self.settle(db, entry, .manual(reason: reason), at: nowSeconds) }
    }

    static func handToPerson(_ db: Database, outboxID: Int64, sku: String, locale: String, target: String, reason: String, at now: Double) throws {
        try db.cachedStatement(sql: "UPDATE outbox SET state = \(OutboxState.manual.sql), last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ?")
            .execute(arguments: [reason, now, outboxID])
        try db.cachedStatement(sql: """
            INSERT INTO manual_queue (outbox_id, sku, locale, target, reason, state, created_at)
            VALUES (?, ?, ?, ?, ?, \(ManualEntryState.open.sql), ?)
            ON CONFLICT (outbox_id) DO UPDATE SET reason = excluded.reason, state = \(ManualEntryState.open.sql), created_at = excluded.created_at, exported_at = NULL
            """).execute(arguments: [outboxID, sku, locale, target, reason, now])
    }

    /// Outbox rows that failed at least once and are waiting for another try, by target.
    public func failingOutbox() async throws -> [String: Int] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT target, COUNT(*) AS n FROM outbox WHERE state = \(OutboxState.pending.sql) AND attempts > 0 GROUP BY target")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["target"] as String, $0["n"] as Int) })
        }
    }
}
