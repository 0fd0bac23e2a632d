public import CatalogCore
import Foundation
import GRDB

/// A claimed request to (re)generate copy for one SKU.
public struct GenerationJob: Hashable, Sendable {
    public let id: Int64
    public let sku: SKU
    public let reason: String
    public let priority: JobPriority
    public let attempts: Int
    /// Units sold per day (stock feeds), 0 when unknown.
    public var velocity: Double = 0
    /// The running experiment the SKU is in, if any: its own copy comes from variant A's
    /// generator, and variant B's is written beside it.
    public var experiment: ExperimentVariants? = nil
    /// Nil when the product was removed after the job was queued: there is nothing to write.
    public let product: Product?
}

extension CatalogDatabase {
    /// Claims up to `limit` queued jobs: highest priority first; within a priority the sources
    /// that asked take turns (one PIM folder's 10K import does not starve another's delta), each
    /// source's jobs oldest first, except that a bulk snapshot's jobs go bestsellers first (its
    /// jobs are all the same age). A job whose lease expired (its worker died) is claimable
    /// again, so a crash never strands work.
    public func claimGenerationJobs(limit: Int, leaseSeconds: Double = 300) throws -> [GenerationJob] {
        try write { db in
            let now = nowSeconds
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH due AS (
                        SELECT j.id, j.priority, COALESCE(s.velocity, 0) AS velocity,
                               ROW_NUMBER() OVER (
                                   PARTITION BY j.priority, j.source
                                   ORDER BY CASE WHEN j.priority = \(JobPriority.pimSnapshot.rawValue) THEN -COALESCE(s.velocity, 0) ELSE 0 END, j.id
                               ) AS turn
                        FROM generation_jobs j LEFT JOIN stock_totals s ON s.sku = j.sku
                        WHERE j.state = 'queued' OR (j.state = 'running' AND j.lease_until < ?)
                    )
                    SELECT j.id, j.sku, j.reason, j.priority, j.attempts, d.doc, due.velocity
                    FROM due JOIN generation_jobs j ON j.id = due.id
                    LEFT JOIN products p ON p.sku = j.sku AND p.removed_at IS NULL
                    LEFT JOIN product_docs d ON d.hash = p.hash
                    ORDER BY due.priority, due.turn, due.id LIMIT ?
                    """,
                arguments: [now, limit]
            )
            let lease = try db.cachedStatement(sql: "UPDATE generation_jobs SET state = 'running', lease_until = ?, updated_at = ? WHERE id = ?")
            let experiments = try Self.runningExperiments(db, skus: rows.map { $0["sku"] as String })
            return try rows.compactMap { row -> GenerationJob? in
                let id: Int64 = row["id"]
                try lease.execute(arguments: [now + leaseSeconds, now, id])
                guard let sku = SKU(row["sku"]) else { return nil }
                let product = try (row["doc"] as String?).map { try Product.decode(canonicalJSON: Data($0.utf8)) }
                return GenerationJob(
                    id: id, sku: sku, reason: row["reason"], priority: JobPriority(rawValue: row["priority"]) ?? .pimDelta,
                    attempts: row["attempts"], velocity: row["velocity"], experiment: experiments[sku.rawValue], product: product
                )
            }
        }
    }

    /// Records the generated copy and queues one outbox row per locale for `target`, in one
    /// transaction with the job's completion. Older unpublished copy for the same SKU, locale
    /// and target is superseded: only the newest copy is ever pushed.
    /// Copy of a product whose state changed meanwhile is not queued: the job the change queued
    /// writes newer copy, and a late finisher must not overwrite it.
    public func completeGeneration(_ job: GenerationJob, copies: [GeneratedCopy], productHash: ContentHash, target: String, stamp: AvailabilityStamp? = nil) throws {
        try write { db in
            let stale = try Self.isStale(db, job)
            if !stale {
                try publish(db, copies.map { ($0, nil) }, productHash: productHash, target: target, priority: job.priority, stamp: stamp)
            }
            try finishJob(db, job, stale: stale)
        }
    }

    /// Whether a newer job for the job's SKU was queued after it (the product changed, or
    /// someone asked again, while it ran): that job's copy is the one to publish, even when it
    /// finished first.
    static func isStale(_ db: Database, _ job: GenerationJob) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM generation_jobs WHERE sku = ? AND id > ? AND state IN ('queued', 'running', 'done'))
            """, arguments: [job.sku.rawValue, job.id]) ?? false
    }

    /// Writes copy (with its handle) to `generations` and queues it for `target` at `priority`
    /// (the job's: a sell-out is pushed ahead of a bulk import); returns the generation ids by
    /// locale. `stamp` rewrites each copy for the SKU's stock as this transaction sees it.
    @discardableResult
    func publish(
        _ db: Database, _ copies: [(copy: GeneratedCopy, handle: String?)], productHash: ContentHash, target: String?,
        priority: JobPriority = .pimDelta, stamp: AvailabilityStamp? = nil, slot: CopySlot = .main, overwrite: Bool = false
    ) throws -> [String: Int64] {
        let now = nowSeconds
        var stockStates: [String: StockState?] = [:]
        let insertGeneration = try db.cachedStatement(sql: """
            INSERT INTO generations (sku, locale, generator, generator_version, product_hash, content_hash,
                                     title, body_html, meta_title, meta_description, handle, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sku, locale, generator, generator_version, product_hash, content_hash) DO UPDATE SET handle = excluded.handle
            RETURNING id
            """)
        let handleTaken = try db.cachedStatement(sql: "SELECT 1 FROM generations WHERE locale = ? AND handle = ? AND sku <> ? LIMIT 1")
        let supersedeOutbox = try db.cachedStatement(sql: """
            UPDATE outbox SET state = 'superseded', updated_at = ?
            WHERE sku = ? AND locale = ? AND target = ? AND slot = ? AND state IN ('pending', 'in_flight') AND idempotency_key <> ?
            """)
        let supersedeManual = try db.cachedStatement(sql: """
            UPDATE manual_queue SET state = 'superseded'
            WHERE outbox_id IN (SELECT id FROM outbox WHERE sku = ? AND locale = ? AND target = ? AND slot = ?) AND state IN ('open', 'exported')
            """)
        let enqueue = try db.cachedStatement(sql: """
            INSERT INTO outbox (idempotency_key, generation_id, sku, locale, target, content_hash, priority, slot, overwrite, state, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING
            """)
        // The same copy was queued once before, but other copy for the item came after it (the
        // shop may show that one now: a change and its revert). The old row keeps its history
        // under another key, and this copy is queued anew.
        let retireOlder = try db.cachedStatement(sql: """
            UPDATE outbox SET idempotency_key = idempotency_key || '#' || id
            WHERE idempotency_key = ? AND state NOT IN ('pending', 'in_flight')
              AND EXISTS (
                  SELECT 1 FROM outbox n
                  WHERE n.sku = outbox.sku AND n.locale = outbox.locale AND n.target = outbox.target AND n.slot = outbox.slot AND n.id > outbox.id
              )
            """)
        let raisePriority = try db.cachedStatement(
            sql: "UPDATE outbox SET priority = MIN(priority, ?) WHERE idempotency_key = ? AND state IN ('pending', 'in_flight')"
        )
        var ids: [String: Int64] = [:]
        for (generated, proposedHandle) in copies {
            var copy = generated
            var productHash = productHash
            if let stamp {
                let sku = copy.sku.rawValue
                let state: StockState?
                if let known = stockStates[sku] { state = known } else {
                    state = try Self.stockState(db, sku: sku)
                    stockStates[sku] = state
                }
                copy = stamp(state, generated)
                // Stamped copy is its own generation: the same product with another stock sentence.
                if copy.contentHash != generated.contentHash {
                    productHash = ContentHash(of: Data(productHash.bytes + copy.contentHash.bytes))
                }
            }
            // Handles are unique per locale: a second SKU with the same title gets its SKU appended.
            var handle = proposedHandle
            if let proposed = proposedHandle, try Row.fetchOne(handleTaken, arguments: [copy.locale.identifier, proposed, copy.sku.rawValue]) != nil {
                handle = proposed + "-" + copy.sku.rawValue.slugified(separator: "-")
            }
            let generationID = try Int64.fetchOne(insertGeneration, arguments: [
                copy.sku.rawValue, copy.locale.identifier, copy.generator.name, copy.generator.version,
                Data(productHash.bytes), Data(copy.contentHash.bytes),
                copy.title, copy.bodyHTML, copy.metaTitle, copy.metaDescription, handle, now,
            ])!
            ids[copy.locale.identifier] = generationID
            guard let target else { continue }
            let item = PublishItem(target: target, copy: copy, slot: slot, overwrite: overwrite)
            try supersedeOutbox.execute(arguments: [now, copy.sku.rawValue, copy.locale.identifier, target, slot.rawValue, item.idempotencyKey])
            try retireOlder.execute(arguments: [item.idempotencyKey])
            try enqueue.execute(arguments: [
                item.idempotencyKey, generationID, copy.sku.rawValue, copy.locale.identifier, target, Data(copy.contentHash.bytes), priority.rawValue, slot.rawValue, overwrite,
                now, now, now,
            ])
            if db.changesCount > 0 {
                try supersedeManual.execute(arguments: [copy.sku.rawValue, copy.locale.identifier, target, slot.rawValue])
            } else {
                // The same copy is already waiting: it moves up to this priority.
                try raisePriority.execute(arguments: [priority.rawValue, item.idempotencyKey])
            }
        }
        return ids
    }

    /// Rewrites the availability sentence of the copy last queued for `target` for each SKU
    /// (every locale), and queues what changed at `priority`; one transaction, so the stock the
    /// stamp sees is the stock the copy is queued with. Returns the SKUs that have no copy for
    /// the target yet (they need a full generation).
    public func rewriteAvailability(_ skus: [SKU], target: String, priority: JobPriority, stamp: @escaping AvailabilityStamp) throws -> (rewritten: Int, withoutCopy: [SKU]) {
        try write { db in
            let latest = try db.cachedStatement(sql: """
                SELECT \(Self.itemColumns), g.product_hash
                FROM outbox o JOIN generations g ON g.id = o.generation_id
                WHERE o.sku = ? AND o.target = ? AND o.id IN (
                    SELECT MAX(id) FROM outbox WHERE sku = ? AND target = ? AND slot = 'main' AND state <> 'superseded' GROUP BY locale
                )
                """)
            var rewritten = 0
            var withoutCopy: [SKU] = []
            for sku in skus {
                let rows = try Row.fetchAll(latest, arguments: [sku.rawValue, target, sku.rawValue, target])
                guard !rows.isEmpty else {
                    withoutCopy.append(sku)
                    continue
                }
                let state = try Self.stockState(db, sku: sku.rawValue)
                for row in rows {
                    guard let item = Self.item(from: row), let productHash = ContentHash(bytes: Array(row["product_hash"] as Data)) else { continue }
                    let copy = stamp(state, item.copy)
                    guard copy.contentHash != item.copy.contentHash else { continue }
                    try publish(
                        db, [(copy, item.handle)], productHash: ContentHash(of: Data(productHash.bytes + copy.contentHash.bytes)),
                        target: target, priority: priority
                    )
                    rewritten += 1
                }
            }
            return (rewritten, withoutCopy)
        }
    }

    func finishJob(_ db: Database, _ job: GenerationJob, stale: Bool = false) throws {
        try db.execute(
            sql: "UPDATE generation_jobs SET state = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ?",
            arguments: [stale ? "superseded" : "done", stale ? "a newer job for the SKU was queued while this one ran; its copy is published instead" : nil, nowSeconds, job.id]
        )
    }

    /// Marks a job that had nothing to do (its product was removed) as done.
    public func skipGeneration(_ job: GenerationJob, reason: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE generation_jobs SET state = 'skipped', last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ?",
                arguments: [reason, nowSeconds, job.id]
            )
        }
    }

    /// Returns a failed job to the queue until `maxAttempts`, then parks it as `failed` with the
    /// error so `catalogctl status` shows it. A newer queued job for the SKU supersedes it.
    public func failGeneration(_ job: GenerationJob, error: String, maxAttempts: Int = 5) throws {
        try write { db in
            let now = nowSeconds
            let attempts = job.attempts + 1
            if attempts < maxAttempts {
                try db.execute(
                    sql: "UPDATE OR IGNORE generation_jobs SET state = 'queued', attempts = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ?",
                    arguments: [attempts, error, now, job.id]
                )
            }
            try db.execute(
                sql: "UPDATE generation_jobs SET state = ?, attempts = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running'",
                arguments: [attempts < maxAttempts ? "superseded" : "failed", attempts, error, now, job.id]
            )
        }
    }
}
