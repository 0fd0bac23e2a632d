import CatalogCore
import CatalogPipeline
@testable import CatalogStore
import CatalogTestSupport
import Foundation
import GRDB
import Testing

/// Claims read every queue through indexes: their cost must not grow with the queue (a sort
/// over 95,000 jobs per claim made a 100,000-SKU bulk take hours). The order they implement is
/// FairQueueTests'; here, that it holds through leases, re-keys and batches.
@Suite struct QueueClaimTests {
    func copy(_ sku: String, _ locale: String) -> GeneratedCopy {
        GeneratedCopy(sku: SKU(sku)!, locale: LocaleCode(locale)!, title: "T \(sku)", bodyHTML: "<p>\(sku)</p>", metaTitle: "m", metaDescription: "d", generator: GeneratorIdentity(name: "template", version: "1"))
    }

    /// Every statement `body` runs, with its query plan.
    func plans(_ fixture: StoreFixture, _ body: () async throws -> Void) async throws -> [(sql: String, plan: [String])] {
        try await body()
        let queries = fixture.statements.clear().filter { sql in
            ["SELECT", "UPDATE", "INSERT"].contains(sql.trimmingCharacters(in: .whitespacesAndNewlines).prefix(6).uppercased())
        }
        return try await fixture.database.pool.read { db in
            try queries.map { sql in (sql, try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }) }
        }
    }

    func expectIndexSeeksOnly(_ plans: [(sql: String, plan: [String])], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!plans.isEmpty, sourceLocation: sourceLocation)
        for (sql, plan) in plans {
            // A walk of a claim-order index (pending rows in push order) stops at the LIMIT: a
            // seek in all but name. Any other scan, or a sort, grows with the queue.
            // The plan of an insert into `generations` lists the foreign-key checks of the rows
            // that refer to it (outbox, review queue); SQLite runs them only when a referenced
            // key changes or goes, which catalogd never does.
            let foreignKeyChecks: Set<String> = sql.hasPrefix("INSERT INTO generations") ? ["SCAN outbox", "SCAN review_queue"] : []
            let scans = plan.filter { detail in
                let orderedWalk = detail.hasPrefix("SCAN ") && detail.hasSuffix("_claim_order")
                let allowed = orderedWalk || foreignKeyChecks.contains(detail) || detail == "SCAN CONSTANT ROW" || detail == "SCAN sqlite_master"
                // A search on the state alone reads every row in that state: a scan by another name.
                let wholeState = detail.hasPrefix("SEARCH ") && detail.hasSuffix("(state=?)")
                return (detail.hasPrefix("SCAN ") && !allowed) || wholeState || detail.contains("TEMP B-TREE")
            }
            #expect(scans.isEmpty, "\(sql)\n\(plan.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
    }

    /// A queue with every priority, two sources, expired leases, deferred translations,
    /// ledger rows and outbox rows in both lanes.
    func busyQueue() async throws -> StoreFixture {
        let fixture = try StoreFixture(observingStatements: ())
        let database = fixture.database
        _ = try fixture.importProducts((1...40).map { Product.fixture("EU-\($0)") }, source: "eu", mode: .snapshot, batchSize: 100)
        _ = try fixture.importProducts((1...20).map { Product.fixture("US-\($0)") }, source: "us", mode: .delta, batchSize: 100)
        _ = try await database.generationQueue.requestRegeneration([SKU("EU-7")!], priority: .inventory, reason: "inventory:out-of-stock", source: "erp")
        _ = try await database.generationQueue.requestRegeneration([SKU("US-3")!])
        for job in try await database.generationQueue.claimGenerationJobs(limit: 6) {
            try await database.generationQueue.completeGeneration(job, copies: [copy(job.sku.rawValue, "en"), copy(job.sku.rawValue, "de")], productHash: job.product!.contentHash, target: "shop")
        }
        _ = try await database.generationQueue.claimGenerationJobs(limit: 3)
        fixture.clock.advance(by: 301)
        _ = try await database.outbox.claimOutbox(limit: 2)
        return fixture
    }

    @Test func everyQueueClaimIsServedByIndexes() async throws {
        let fixture = try await busyQueue()
        let database = fixture.database
        fixture.statements.clear()
        expectIndexSeeksOnly(try await plans(fixture) { _ = try await database.generationQueue.claimQueuedJobs(limit: 8) })
        fixture.clock.advance(by: 301)
        expectIndexSeeksOnly(try await plans(fixture) { _ = try await database.generationQueue.claimQueuedJobs(limit: 8) })
        expectIndexSeeksOnly(try await plans(fixture) { _ = try await database.generationQueue.requeueDueTranslations() })
        expectIndexSeeksOnly(try await plans(fixture) { _ = try await database.copyLedger.costTotals() })
        for lane in [OutboxLane.all, .urgent, .routine] {
            expectIndexSeeksOnly(try await plans(fixture) { _ = try await database.outbox.claimOutbox(limit: 4, lane: lane, primaryLocale: "en") })
            expectIndexSeeksOnly(try await plans(fixture) { _ = try await database.outbox.claimOutbox(limit: 4, target: "shop", lane: lane) })
        }
    }

    /// What a worker does with every job and a publisher with every row: their cost must not
    /// grow with the queues either (superseding a manual-queue entry read every open entry).
    @Test func completingJobsAndSettlingPushesAreServedByIndexes() async throws {
        let fixture = try await busyQueue()
        let database = fixture.database
        for entry in try await database.outbox.claimOutbox(limit: 4) { try await database.outbox.moveToManualQueue(entry, reason: "no shop") }
        let jobs = try await database.generationQueue.claimGenerationJobs(limit: 3)
        let outcome = PipelineOutcome(sku: jobs[0].sku, results: [(LocaleCode("en")!, .publish(copy(jobs[0].sku.rawValue, "en"), handle: "h-0"))], incidents: [], trace: PipelineTrace(), route: "template")
        fixture.statements.clear()
        try await database.generationQueue.finishJobs([
            FinishedJob(job: jobs[0], result: .ran(outcome, variantB: [])), FinishedJob(job: jobs[1], result: .productRemoved), FinishedJob(job: jobs[2], result: .failed("x")),
        ], target: "shop")
        await expectIndexSeeksOnly(try plans(fixture) {})
        let entries = try await database.outbox.claimOutbox(limit: 4)
        fixture.statements.clear()
        try await database.outbox.settle([(entries[0], .published(note: nil)), (entries[1], .manual(reason: "no shop"))])
        await expectIndexSeeksOnly(try plans(fixture) {})
    }

    @Test func anExpiredLeaseIsClaimedAgainInItsPlaceAndANewerJobSupersedesIt() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try fixture.importProducts((1...4).map { Product.fixture("S-\($0)") }, mode: .snapshot, batchSize: 10)
        let first = try await database.generationQueue.claimGenerationJobs(limit: 2)
        #expect(first.map(\.sku.rawValue) == ["S-1", "S-2"])
        // S-2 changes while its worker is gone: the new job covers it.
        _ = try await database.generationQueue.requestRegeneration([SKU("S-2")!], priority: .pimDelta, reason: "pim-changed", source: "akeneo")
        await #expect(try database.generationQueue.claimGenerationJobs(limit: 1).map(\.sku.rawValue) == ["S-2"], "the delta goes ahead of the snapshot")
        fixture.clock.advance(by: 301)
        let again = try await database.generationQueue.claimGenerationJobs(limit: 10)
        #expect(again.map(\.sku.rawValue) == ["S-2", "S-1", "S-3", "S-4"], "expired leases return to their places")
        #expect(again.first?.id != first[1].id && again[1].id == first[0].id)
        await #expect(try database.generationQueue.jobs(state: "superseded").map(\.id) == [first[1].id], "S-2's first job was covered by the newer one")
    }

    /// A snapshot's jobs are all the same age: they go by SKU (their copy then lands in the
    /// SKU-keyed indexes in order); a delta's go oldest first, as the file listed them.
    @Test func aSnapshotGoesBySKUAndADeltaByAge() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try fixture.importProducts(["S-C", "S-A", "S-B"].map { Product.fixture($0) }, source: "bulk", mode: .snapshot, batchSize: 10)
        _ = try fixture.importProducts(["D-Z", "D-X", "D-Y"].map { Product.fixture($0) }, source: "feed", mode: .delta, batchSize: 10)
        await #expect(try await database.generationQueue.claimGenerationJobs(limit: 6).map(\.sku.rawValue) == ["D-Z", "D-X", "D-Y", "S-A", "S-B", "S-C"])
    }

    @Test func releasedJobsAreClaimableAtOnce() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try fixture.importProducts((1...3).map { Product.fixture("R-\($0)") }, mode: .snapshot, batchSize: 10)
        let claimed = try await database.generationQueue.claimGenerationJobs(limit: 2)
        try await database.generationQueue.releaseGenerationJobs(claimed)
        await #expect(try database.generationQueue.claimGenerationJobs(limit: 3).map(\.sku.rawValue) == ["R-1", "R-2", "R-3"])
    }

    @Test func aVelocityChangeReordersAWaitingSnapshotAndARaiseForgetsIt() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try fixture.importProducts((1...3).map { Product.fixture("V-\($0)") }, mode: .snapshot, batchSize: 10)
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("V-3")!, quantity: 10)], source: "erp")
        fixture.clock.advance(by: 3600)
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("V-3")!, quantity: 3)], source: "erp")
        let lead = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        #expect(lead.sku.rawValue == "V-3" && lead.velocity == 1, "the bestseller leads the snapshot once it sells")
        try await database.generationQueue.releaseGenerationJobs([lead])

        _ = try await database.generationQueue.requestRegeneration([SKU("V-2")!, SKU("V-3")!], priority: .pimDelta, reason: "pim-changed", source: "akeneo")
        await #expect(try database.generationQueue.claimGenerationJobs(limit: 3).map(\.sku.rawValue) == ["V-2", "V-3", "V-1"], "a delta is oldest first, whatever sells")
    }

    @Test func aBatchOfFinishedJobsCommitsTogether() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try fixture.importProducts((1...3).map { Product.fixture("B-\($0)") }, mode: .snapshot, batchSize: 10)
        let jobs = try await database.generationQueue.claimQueuedJobs(limit: 3).map { try $0.decoded() }
        let outcome = PipelineOutcome(sku: jobs[0].sku, results: [(LocaleCode("en")!, .publish(copy("B-1", "en"), handle: "b-1"))], incidents: [], trace: PipelineTrace(), route: "template")
        try await database.generationQueue.finishJobs([
            FinishedJob(job: jobs[0], result: .ran(outcome, variantB: [])),
            FinishedJob(job: jobs[1], result: .productRemoved),
            FinishedJob(job: jobs[2], result: .failed("provider down")),
        ], target: "shop")
        await #expect(try database.outbox.waitingItems(target: "shop").map(\.copy.sku.rawValue) == ["B-1"])
        await #expect(try database.generationQueue.jobs(state: "done").map(\.sku) == ["B-1"])
        await #expect(try database.generationQueue.jobs(state: "skipped").map(\.sku) == ["B-2"])
        let retried = try await #require(try database.generationQueue.jobs(state: "queued").first)
        #expect(retried.sku == "B-3" && retried.attempts == 1 && retried.lastError == "provider down")
    }
}

/// The statements a database's connections ran since the last `clear()`.
final class StatementLog: @unchecked Sendable {
    // @unchecked: `statements` is guarded by `lock`.
    private let lock = NSLock()
    private var statements: [String] = []

    func append(_ sql: String) { lock.withLock { statements.append(sql) } }

    @discardableResult
    func clear() -> [String] {
        lock.withLock {
            defer { statements = [] }
            return statements
        }
    }
}

extension StoreFixture {
    /// A fixture whose database logs every statement into `statements`.
    init(observingStatements: Void) throws {
        let log = StatementLog()
        statements = log
        database = try CatalogDatabase(path: directory.path("catalog.sqlite").path, clock: clock, observeStatements: { log.append($0) })
    }
}
