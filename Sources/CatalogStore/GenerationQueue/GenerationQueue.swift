public import CatalogCore
import Foundation
import GRDB

/// The generation queue: jobs claimed under a lease, pipeline runs committed with the copy
/// they queue, deferred translations, and the jobs a person asks for or cancels.
public struct GenerationQueue: StoreRepository {
    let database: CatalogDatabase

    /// Claims up to `limit` queued jobs: highest priority first; within a priority the sources
    /// that asked take turns (one PIM folder's 10K import does not starve another's delta), each
    /// source's jobs oldest first, except that a bulk snapshot's jobs go bestsellers first (its
    /// jobs are all the same age). A job whose lease expired (its worker died) is claimable
    /// again, so a crash never strands work.
    public func claimGenerationJobs(limit: Int, leaseSeconds: Double = 300) async throws -> [GenerationJob] {
        try await claimQueuedJobs(limit: limit, leaseSeconds: leaseSeconds).map { try $0.decoded() }
    }

    /// `claimGenerationJobs` without decoding the products. Every statement is an index seek:
    /// the cost of a claim depends on `limit` and the number of sources, not on how many jobs
    /// wait (a sort over the whole queue per claim made a 100,000-SKU bulk quadratic).
    public func claimQueuedJobs(limit: Int, leaseSeconds: Double = 300) async throws -> [ClaimedGenerationJob] {
        try await write { db in try self.claim(db, limit: limit, leaseSeconds: leaseSeconds) }
    }

    func claim(_ db: Database, limit: Int, leaseSeconds: Double) throws -> [ClaimedGenerationJob] {
        guard limit > 0 else { return [] }
        let now = nowSeconds
        try Self.requeueExpiredJobs(db, now: now)
        let ids = try Self.nextQueuedJobIDs(db, limit: limit)
        let fetch = try db.cachedStatement(sql: """
            SELECT j.id, j.sku, j.reason, j.priority, j.attempts, COALESCE(s.velocity, 0) AS velocity, d.doc
            FROM generation_jobs j
            LEFT JOIN stock_totals s ON s.sku = j.sku
            LEFT JOIN products p ON p.sku = j.sku AND p.removed_at IS NULL
            LEFT JOIN product_docs d ON d.hash = p.hash
            WHERE j.id = ?
            """)
        let lease = try db.cachedStatement(sql: "UPDATE generation_jobs SET state = \(JobState.running.sql), lease_until = ?, updated_at = ? WHERE id = ?")
        let rows = try ids.compactMap { id -> Row? in
            try lease.execute(arguments: [now + leaseSeconds, now, id])
            return try Row.fetchOne(fetch, arguments: [id])
        }
        typealias Columns = JobRecord.Columns
        let experiments = try ExperimentLedger.runningExperiments(db, skus: rows.map { $0[Columns.sku] as String })
        return rows.compactMap { row -> ClaimedGenerationJob? in
            guard let sku = SKU(row[Columns.sku]) else { return nil }
            let job = GenerationJob(
                id: row[Columns.id], sku: sku, reason: row[Columns.reason], priority: JobPriority(rawValue: row[Columns.priority]) ?? .pimDelta,
                attempts: row[Columns.attempts], velocity: row["velocity"], experiment: experiments[sku.rawValue], product: nil
            )
            return ClaimedGenerationJob(job: job, document: row["doc"])
        }
    }

    /// The ids of the next `limit` queued jobs in claim order. Per priority, the sources with
    /// queued jobs are found by skipping through the claim index (one seek each), each
    /// source's first `limit` jobs are read in its order (oldest first; a snapshot bestsellers
    /// first, then by SKU), and the sources' heads are dealt turn by turn, the older job first
    /// within a turn. The literal priorities in the SQL let each partial index serve its queries;
    /// `INDEXED BY` keeps the planner off the state index, which would sort.
    static func nextQueuedJobIDs(_ db: Database, limit: Int) throws -> [Int64] {
        let byAge = "state = \(JobState.queued.sql) AND priority < \(JobPriority.pimSnapshot.rawValue) AND priority = ?"
        let snapshot = "state = \(JobState.queued.sql) AND priority = \(JobPriority.pimSnapshot.rawValue)"
        var chosen: [Int64] = []
        for priority in JobPriority.allCases.sorted() where chosen.count < limit {
            let (table, filter, order, arguments): (String, String, String, StatementArguments) = priority == .pimSnapshot
                ? ("generation_jobs INDEXED BY generation_jobs_snapshot_claim_order", snapshot, "turn_key, sku", [])
                : ("generation_jobs INDEXED BY generation_jobs_claim_order", byAge, "id", [priority.rawValue])
            let firstSource = try db.cachedStatement(sql: "SELECT source FROM \(table) WHERE \(filter) ORDER BY source LIMIT 1")
            let nextSource = try db.cachedStatement(sql: "SELECT source FROM \(table) WHERE \(filter) AND source > ? ORDER BY source LIMIT 1")
            let head = try db.cachedStatement(sql: "SELECT id FROM \(table) WHERE \(filter) AND source = ? ORDER BY \(order) LIMIT ?")
            let wanted = limit - chosen.count
            var heads: [[Int64]] = []
            var source = try String.fetchOne(firstSource, arguments: arguments)
            while let current = source {
                heads.append(try Int64.fetchAll(head, arguments: arguments + [current, wanted]))
                source = try String.fetchOne(nextSource, arguments: arguments + [current])
            }
            var turn = 0
            while chosen.count < limit {
                let round = heads.compactMap { turn < $0.count ? $0[turn] : nil }.sorted()
                guard !round.isEmpty else { break }
                chosen += round.prefix(limit - chosen.count)
                turn += 1
            }
        }
        return chosen
    }

    /// Puts jobs whose lease expired (their worker died) back in the queue, in their old place.
    /// With `now` nil, every running job: the daemon's start.
    static func requeueExpiredJobs(_ db: Database, now: Double?) throws {
        // Without a time, every lease counts as expired.
        let before = now ?? .infinity
        // Every claim sets a lease, so the leases index holds every running job.
        let any = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM generation_jobs INDEXED BY generation_jobs_leases WHERE state = \(JobState.running.sql) AND lease_until < ?)")
        if now != nil, try Bool.fetchOne(any, arguments: [before]) != true { return }
        try requeueRunningJobs(db, from: "generation_jobs INDEXED BY generation_jobs_leases", where: "lease_until < ?", arguments: [before])
    }

    /// Hands claimed jobs back to the queue untouched (no attempt counted), for a worker that
    /// stops before it ran them: the next claim takes them at once instead of after the lease.
    public func releaseGenerationJobs(_ jobs: [GenerationJob]) async throws {
        guard !jobs.isEmpty else { return }
        try await write { db in
            try Self.requeueRunningJobs(
                db, from: "generation_jobs", where: "id IN (\(databaseQuestionMarks(count: jobs.count)))", arguments: StatementArguments(jobs.map(\.id))
            )
        }
    }

    /// Puts the running jobs `condition` selects back in the queue, in their old place; one
    /// whose SKU has a newer job queued or running is superseded by it instead (a SKU has at
    /// most one queued job).
    private static func requeueRunningJobs(_ db: Database, from table: String, where condition: String, arguments: StatementArguments) throws {
        try db.execute(sql: """
            UPDATE \(table) SET state = \(JobState.superseded.sql), lease_until = NULL
            WHERE state = \(JobState.running.sql) AND \(condition) AND EXISTS (
                SELECT 1 FROM generation_jobs q
                WHERE q.sku = generation_jobs.sku AND (q.state = \(JobState.queued.sql) OR (q.state = \(JobState.running.sql) AND q.id > generation_jobs.id))
            )
            """, arguments: arguments)
        try db.execute(sql: "UPDATE \(table) SET state = \(JobState.queued.sql), lease_until = NULL WHERE state = \(JobState.running.sql) AND \(condition)", arguments: arguments)
    }

    /// Records the generated copy and queues one outbox row per locale for `target`, in one
    /// transaction with the job's completion. Older unpublished copy for the same SKU, locale
    /// and target is superseded: only the newest copy is ever pushed.
    /// Copy of a product whose state changed meanwhile is not queued: the job the change queued
    /// writes newer copy, and a late finisher must not overwrite it.
    public func completeGeneration(_ job: GenerationJob, copies: [GeneratedCopy], productHash: ContentHash, target: String, decisions: CopyDecisions = CopyDecisions()) async throws {
        try await write { db in
            let stale = try Self.isStale(db, job)
            if !stale {
                try publish(db, copies.map { ($0, nil) }, productHash: productHash, target: target, priority: min(job.priority, try Self.currentPriority(db, job)), decisions: decisions)
            }
            try finishJob(db, job, stale: stale)
        }
    }

    /// Whether a newer job for the job's SKU was queued after it (the product changed, or
    /// someone asked again, while it ran): that job's copy is the one to publish, even when it
    /// finished first.
    static func isStale(_ db: Database, _ job: GenerationJob) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM generation_jobs WHERE sku = ? AND id > ? AND state IN (\(JobState.queued.sql), \(JobState.running.sql), \(JobState.done.sql)))
            """, arguments: [job.sku.rawValue, job.id]) ?? false
    }

    /// The job's priority as stored now: raised while it ran, when a stock change needs its copy
    /// sooner (see `rewriteAvailability`).
    static func currentPriority(_ db: Database, _ job: GenerationJob) throws -> JobPriority {
        let read = try db.cachedStatement(sql: "SELECT priority FROM generation_jobs WHERE id = ?")
        return try Int.fetchOne(read, arguments: [job.id]).flatMap(JobPriority.init(rawValue:)) ?? job.priority
    }

    /// Writes copy (with its handle) to `generations` and queues it for `target` at `priority`
    /// (the job's: a sell-out is pushed ahead of a bulk import); returns the generation ids by
    /// locale. Each copy is stored as `decisions` say (its availability sentence, its handle);
    /// they are refused with `CopyDecisionsOutdated`, rolling the transaction back, if the
    /// SKU's stock is no longer what its sentence was written for, a copy was not decided, or
    /// another SKU holds the handle.
    @discardableResult
    func publish(
        _ db: Database, _ copies: [(copy: GeneratedCopy, handle: String?)], productHash: ContentHash, target: String?,
        priority: JobPriority = .pimDelta, decisions: CopyDecisions = CopyDecisions(), slot: CopySlot = .main, overwrite: Bool = false
    ) throws -> [String: Int64] {
        let now = nowSeconds
        var stockChecked: Set<SKU> = []
        let insertGeneration = try db.cachedStatement(sql: """
            INSERT INTO generations (sku, locale, generator, generator_version, product_hash, content_hash,
                                     title, body_html, meta_title, meta_description, handle, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sku, locale, generator, generator_version, product_hash, content_hash) DO UPDATE SET handle = excluded.handle
            RETURNING id
            """)
        let handleTaken = try GenerationRecord.handleTaken(db)
        let supersedeOutbox = try db.cachedStatement(sql: """
            UPDATE outbox SET state = \(OutboxState.superseded.sql), updated_at = ?
            WHERE sku = ? AND locale = ? AND target = ? AND slot = ? AND state IN (\(OutboxState.pending.sql), \(OutboxState.inFlight.sql)) AND idempotency_key <> ?
            """)
        // `+state`: the item's few outbox rows lead to their entries by `outbox_id`; through the
        // state index this read every open entry of the queue, for every copy queued.
        let supersedeManual = try db.cachedStatement(sql: """
            UPDATE manual_queue SET state = \(ManualEntryState.superseded.sql)
            WHERE outbox_id IN (SELECT id FROM outbox WHERE sku = ? AND locale = ? AND target = ? AND slot = ?) AND +state IN (\(ManualEntryState.open.sql), \(ManualEntryState.exported.sql))
            """)
        let enqueue = try db.cachedStatement(sql: """
            INSERT INTO outbox (idempotency_key, generation_id, sku, locale, target, content_hash, priority, slot, overwrite, state, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, \(OutboxState.pending.sql), ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING
            """)
        // The same copy was queued once before, but other copy for the item came after it (the
        // shop may show that one now: a change and its revert). The old row keeps its history
        // under another key, and this copy is queued anew.
        let retireOlder = try db.cachedStatement(sql: """
            UPDATE outbox SET idempotency_key = idempotency_key || '#' || id
            WHERE idempotency_key = ? AND state NOT IN (\(OutboxState.pending.sql), \(OutboxState.inFlight.sql))
              AND EXISTS (
                  SELECT 1 FROM outbox n
                  WHERE n.sku = outbox.sku AND n.locale = outbox.locale AND n.target = outbox.target AND n.slot = outbox.slot AND n.id > outbox.id
              )
            """)
        let raisePriority = try db.cachedStatement(
            sql: "UPDATE outbox SET priority = MIN(priority, ?) WHERE idempotency_key = ? AND state IN (\(OutboxState.pending.sql), \(OutboxState.inFlight.sql))"
        )
        // A SKU's first copy has nothing in the outbox to supersede or retire: one look per SKU
        // spares three statements per locale in a bulk run.
        let anyOutbox = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE sku = ?)")
        var queuedBefore: [String: Bool] = [:]
        var ids: [String: Int64] = [:]
        for (generated, proposedHandle) in copies {
            let copy = try decisions.copy(for: generated)
            var productHash = productHash
            let sku = copy.sku.rawValue
            if stockChecked.insert(copy.sku).inserted {
                try decisions.confirmStock(of: copy.sku) { try StockLedger.stockState(db, sku: sku) }
            }
            let contentHash = copy.contentHash
            // Stamped copy is its own generation: the same product with another stock sentence.
            if copy.bodyHTML != generated.bodyHTML {
                productHash = ContentHash(of: Data(productHash.bytes + contentHash.bytes))
            }
            // Handles are unique per locale (`CopyDecider` picks them).
            let handle = decisions.handle(sku: copy.sku, locale: copy.locale, proposed: proposedHandle)
            if let handle, try handleTaken(HandleClaim(sku: copy.sku, locale: copy.locale, handle: handle)) {
                throw CopyDecisionsOutdated(skus: [copy.sku], what: "another SKU holds the \(copy.locale) handle '\(handle)'")
            }
            let generationID = try Int64.fetchOne(insertGeneration, arguments: [
                sku, copy.locale.identifier, copy.generator.name, copy.generator.version,
                Data(productHash.bytes), Data(contentHash.bytes),
                copy.title, copy.bodyHTML, copy.metaTitle, copy.metaDescription, handle, now,
            ])!
            ids[copy.locale.identifier] = generationID
            guard let target else { continue }
            let key = PublishItem.idempotencyKey(sku: copy.sku, locale: copy.locale, contentHash: contentHash, target: target, slot: slot, overwrite: overwrite)
            let hadOutbox: Bool
            if let known = queuedBefore[sku] { hadOutbox = known } else {
                hadOutbox = try Bool.fetchOne(anyOutbox, arguments: [sku]) ?? true
                queuedBefore[sku] = hadOutbox
            }
            if hadOutbox {
                try supersedeOutbox.execute(arguments: [now, sku, copy.locale.identifier, target, slot.rawValue, key])
                try retireOlder.execute(arguments: [key])
            }
            try enqueue.execute(arguments: [
                key, generationID, sku, copy.locale.identifier, target, Data(contentHash.bytes), priority.rawValue, slot.rawValue, overwrite,
                now, now, now,
            ])
            if db.changesCount > 0 {
                if hadOutbox { try supersedeManual.execute(arguments: [sku, copy.locale.identifier, target, slot.rawValue]) }
            } else {
                // The same copy is already waiting: it moves up to this priority.
                try raisePriority.execute(arguments: [priority.rawValue, key])
            }
        }
        return ids
    }

    /// The copy last queued for `target` for each of `skus` (every locale): what an
    /// availability rewrite writes the sentence of again.
    public func queuedCopies(of skus: [SKU], target: String) async throws -> [QueuedCopy] {
        try await read { db in try skus.flatMap { try Self.latestQueued(db, sku: $0, target: target) } }
    }

    static func latestQueued(_ db: Database, sku: SKU, target: String) throws -> [QueuedCopy] {
        let latest = try db.cachedStatement(sql: """
            SELECT \(OutboxRecord.itemSelection), g.product_hash
            FROM outbox o JOIN generations g ON g.id = o.generation_id
            WHERE o.sku = ? AND o.target = ? AND o.id IN (
                SELECT MAX(id) FROM outbox WHERE sku = ? AND target = ? AND slot = 'main' AND state <> \(OutboxState.superseded.sql) GROUP BY locale
            )
            """)
        return try Row.fetchAll(latest, arguments: [sku.rawValue, target, sku.rawValue, target]).compactMap { row in
            guard let item = OutboxRecord.item(from: row), let productHash = ContentHash(bytes: Array(row[GenerationRecord.Columns.productHash] as Data)) else { return nil }
            return QueuedCopy(outboxID: row[OutboxRecord.Columns.id], item: item, productHash: productHash)
        }
    }

    /// Queues at `priority` the copy `decisions` rewrote the availability sentence of, for the
    /// copy `queued` (`queuedCopies`) last queued for `target`; one transaction. Returns the
    /// SKUs that have no copy for the target yet (they need a full generation). Throws
    /// `CopyDecisionsOutdated`, writing nothing, if copy was queued for a SKU since `queued`
    /// was read or its stock changed since the sentences were written.
    ///
    /// A SKU without copy whose job is queued or running (claimed, not committed) needs no new
    /// job: that job's commit is decided on the stock as it is then, so it is raised to
    /// `priority` (its copy is queued at the priority the job has when it commits) instead of
    /// being run twice. Deciding that here, in the transaction that found no copy, leaves no
    /// moment in which the worker could claim the queued job before a second one is asked for.
    public func rewriteAvailability(
        _ skus: [SKU], target: String, priority: JobPriority, queued: [QueuedCopy], decisions: CopyDecisions
    ) async throws -> AvailabilityRewrite {
        let seen = Dictionary(grouping: queued, by: \.item.copy.sku).mapValues { Set($0.map(\.outboxID)) }
        return try await write { db in
            let raiseWaiting = try db.cachedStatement(sql: """
                UPDATE generation_jobs SET priority = MIN(priority, ?), updated_at = ?
                WHERE sku = ? AND state IN (\(JobState.queued.sql), \(JobState.running.sql))
                """)
            var result = AvailabilityRewrite()
            for sku in skus {
                let latest = try Self.latestQueued(db, sku: sku, target: target)
                guard Set(latest.map(\.outboxID)) == seen[sku] ?? [] else {
                    throw CopyDecisionsOutdated(skus: [sku], what: "copy was queued for \(target) after the sentences were written")
                }
                guard !latest.isEmpty else {
                    try raiseWaiting.execute(arguments: [priority.rawValue, nowSeconds, sku.rawValue])
                    if db.changesCount > 0 { result.runningJobsRaised += 1 } else { result.withoutCopy.append(sku) }
                    continue
                }
                try decisions.confirmStock(of: sku) { try StockLedger.stockState(db, sku: sku.rawValue) }
                for queued in latest {
                    let copy = try decisions.copy(for: queued.item.copy)
                    guard copy.contentHash != queued.item.copy.contentHash else { continue }
                    try publish(
                        db, [(copy, queued.item.handle)], productHash: ContentHash(of: Data(queued.productHash.bytes + copy.contentHash.bytes)),
                        target: target, priority: priority
                    )
                    result.rewritten += 1
                }
            }
            return result
        }
    }

    func finishJob(_ db: Database, _ job: GenerationJob, stale: Bool = false) throws {
        try Self.settle(
            db, job, as: stale ? .superseded : .done,
            error: stale ? "a newer job for the SKU was queued while this one ran; its copy is published instead" : nil, at: nowSeconds
        )
    }

    static func settle(_ db: Database, _ job: GenerationJob, as state: JobState, error: String?, at now: Double) throws {
        let settle = try db.cachedStatement(sql: "UPDATE generation_jobs SET state = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ?")
        try settle.execute(arguments: [state.rawValue, error, now, job.id])
    }

    /// Marks a job that had nothing to do (its product was removed) as done.
    public func skipGeneration(_ job: GenerationJob, reason: String) async throws {
        try await write { db in try Self.settle(db, job, as: .skipped, error: reason, at: nowSeconds) }
    }

    /// Returns a failed job to the queue until `maxAttempts`, then parks it as `failed` with the
    /// error so `catalogctl status` shows it. A newer queued job for the SKU supersedes it.
    public func failGeneration(_ job: GenerationJob, error: String, maxAttempts: Int = 5) async throws {
        try await write { db in try Self.fail(db, job, error: error, maxAttempts: maxAttempts, at: nowSeconds) }
    }

    static func fail(_ db: Database, _ job: GenerationJob, error: String, maxAttempts: Int, at now: Double) throws {
        let attempts = job.attempts + 1
        if attempts < maxAttempts {
            try db.execute(
                sql: "UPDATE OR IGNORE generation_jobs SET state = \(JobState.queued.sql), attempts = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ?",
                arguments: [attempts, error, now, job.id]
            )
        }
        try db.execute(
            sql: "UPDATE generation_jobs SET state = ?, attempts = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ? AND state = \(JobState.running.sql)",
            arguments: [(attempts < maxAttempts ? JobState.superseded : .failed).rawValue, attempts, error, now, job.id]
        )
    }
}
