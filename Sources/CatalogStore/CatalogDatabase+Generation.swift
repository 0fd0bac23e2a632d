public import CatalogCore
import Foundation
import GRDB

/// A claimed request to (re)generate copy for one SKU.
public struct GenerationJob: Hashable, Sendable {
    public let id: Int64
    public let sku: SKU
    public let reason: String
    public let attempts: Int
    /// Nil when the product was removed after the job was queued: there is nothing to write.
    public let product: Product?
}

extension CatalogDatabase {
    /// Claims up to `limit` queued jobs, highest priority then oldest first. A job whose lease
    /// expired (its worker died) is claimable again, so a crash never strands work.
    public func claimGenerationJobs(limit: Int, leaseSeconds: Double = 300) throws -> [GenerationJob] {
        try write { db in
            let now = nowSeconds
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT j.id, j.sku, j.reason, j.attempts, d.doc
                    FROM generation_jobs j LEFT JOIN products p ON p.sku = j.sku AND p.removed_at IS NULL
                    LEFT JOIN product_docs d ON d.hash = p.hash
                    WHERE j.state = 'queued' OR (j.state = 'running' AND j.lease_until < ?)
                    ORDER BY j.priority, j.id LIMIT ?
                    """,
                arguments: [now, limit]
            )
            let lease = try db.cachedStatement(sql: "UPDATE generation_jobs SET state = 'running', lease_until = ?, updated_at = ? WHERE id = ?")
            return try rows.compactMap { row -> GenerationJob? in
                let id: Int64 = row["id"]
                try lease.execute(arguments: [now + leaseSeconds, now, id])
                guard let sku = SKU(row["sku"]) else { return nil }
                let product = try (row["doc"] as String?).map { try Product.decode(canonicalJSON: Data($0.utf8)) }
                return GenerationJob(id: id, sku: sku, reason: row["reason"], attempts: row["attempts"], product: product)
            }
        }
    }

    /// Records the generated copy and queues one outbox row per locale for `target`, in one
    /// transaction with the job's completion. Older unpublished copy for the same SKU, locale
    /// and target is superseded: only the newest copy is ever pushed.
    public func completeGeneration(_ job: GenerationJob, copies: [GeneratedCopy], productHash: ContentHash, target: String) throws {
        try write { db in
            try publish(db, copies.map { ($0, nil) }, productHash: productHash, target: target)
            try finishJob(db, job)
        }
    }

    /// Writes copy (with its handle) to `generations` and queues it for `target`; returns the
    /// generation ids by locale.
    @discardableResult
    func publish(_ db: Database, _ copies: [(copy: GeneratedCopy, handle: String?)], productHash: ContentHash, target: String?) throws -> [String: Int64] {
        let now = nowSeconds
        let insertGeneration = try db.cachedStatement(sql: """
            INSERT INTO generations (sku, locale, generator, generator_version, product_hash, content_hash,
                                     title, body_html, meta_title, meta_description, handle, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sku, locale, generator, generator_version, product_hash) DO UPDATE SET
                content_hash = excluded.content_hash, title = excluded.title, body_html = excluded.body_html,
                meta_title = excluded.meta_title, meta_description = excluded.meta_description, handle = excluded.handle
            RETURNING id
            """)
        let handleTaken = try db.cachedStatement(sql: "SELECT 1 FROM generations WHERE locale = ? AND handle = ? AND sku <> ? LIMIT 1")
        let supersedeOutbox = try db.cachedStatement(sql: """
            UPDATE outbox SET state = 'superseded', updated_at = ?
            WHERE sku = ? AND locale = ? AND target = ? AND state IN ('pending', 'in_flight') AND idempotency_key <> ?
            """)
        let supersedeManual = try db.cachedStatement(sql: """
            UPDATE manual_queue SET state = 'superseded'
            WHERE sku = ? AND locale = ? AND target = ? AND state IN ('open', 'exported')
            """)
        let enqueue = try db.cachedStatement(sql: """
            INSERT INTO outbox (idempotency_key, generation_id, sku, locale, target, content_hash, state, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING
            """)
        var ids: [String: Int64] = [:]
        for (copy, proposedHandle) in copies {
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
            let item = PublishItem(target: target, copy: copy)
            try supersedeOutbox.execute(arguments: [now, copy.sku.rawValue, copy.locale.identifier, target, item.idempotencyKey])
            try enqueue.execute(arguments: [item.idempotencyKey, generationID, copy.sku.rawValue, copy.locale.identifier, target, Data(copy.contentHash.bytes), now, now, now])
            if db.changesCount > 0 {
                try supersedeManual.execute(arguments: [copy.sku.rawValue, copy.locale.identifier, target])
            }
        }
        return ids
    }

    func finishJob(_ db: Database, _ job: GenerationJob) throws {
        try db.execute(sql: "UPDATE generation_jobs SET state = 'done', lease_until = NULL, updated_at = ? WHERE id = ?", arguments: [nowSeconds, job.id])
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
