import CatalogCore
@testable import CatalogGeneration
import CatalogPipeline
@testable import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// The availability sentence and handles are decided before the store keeps the copy, and the
/// store refuses decisions whose facts changed meanwhile: copy queued after a stock change
/// still tells the latest stock, a sell-out never runs a SKU twice, and no two SKUs share a
/// handle.
@Suite struct CopyDeciderTests {
    let clock = FixedClock()
    let database: CatalogDatabase
    /// Stock as the sell-out tests' copy states it: out of stock at zero, else how many are left.
    let decider: CopyDecider

    init() throws {
        database = try CatalogDatabase.inMemory(clock: clock)
        decider = CopyDecider(stock: database.stock, copies: database.copyLedger) { state, copy in
            AvailabilityBlock.apply(state.map { $0.quantity <= 0 ? .outOfStock : .lowStock($0.quantity) }, to: copy)
        }
    }

    func importProducts(_ skus: [String]) throws {
        let id = try database.stage(skus.map { Product.fixture($0) }, mode: .snapshot, batchSize: 10)
        _ = try database.imports.applyStaged(id, policy: RegenerationPolicy())
    }

    func copy(_ sku: String, _ locale: String, title: String = "T") -> GeneratedCopy {
        GeneratedCopy(sku: SKU(sku)!, locale: LocaleCode(locale)!, title: title, bodyHTML: "<p>x</p>", metaTitle: "m", metaDescription: "d", generator: GeneratorIdentity(name: "template", version: "1"))
    }

    /// The job's copy, decided and committed as the worker does.
    func complete(_ job: GenerationJob, _ copies: [GeneratedCopy]) async throws {
        try await decider.deciding {
            let decisions = try await decider.decide(copies.map { ($0, nil) })
            try await database.generationQueue.completeGeneration(job, copies: copies, productHash: job.product!.contentHash, target: "shop", decisions: decisions)
        }
    }

    /// A stock reaction's rewrite, as `StockReactions` makes it.
    func rewrite(_ skus: [String]) async throws -> AvailabilityRewrite {
        let skus = skus.map { SKU($0)! }
        return try await decider.deciding {
            let queued = try await database.generationQueue.queuedCopies(of: skus, target: "shop")
            let decisions = try await decider.decide(queued.map { ($0.item.copy, nil) })
            return try await database.generationQueue.rewriteAvailability(skus, target: "shop", priority: .inventory, queued: queued, decisions: decisions)
        }
    }

    @Test func availabilityIsRewrittenOnTheCopyLastQueuedAndStampedOnNewCopy() async throws {
        try importProducts(["A", "B"])
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("A")!, quantity: 2)], source: "erp")
        let jobs = try await database.generationQueue.claimGenerationJobs(limit: 10)
        let a = try #require(jobs.first { $0.sku.rawValue == "A" })
        try await complete(a, [copy("A", "en"), copy("A", "de")])
        let queued = try await database.outbox.waitingItems(target: "shop").map(\.copy.bodyHTML)
        #expect(queued == [#"<p>x</p><p class="catalogd-availability">Nur noch 2 auf Lager.</p>"#, #"<p>x</p><p class="catalogd-availability">Only 2 left in stock.</p>"#])

        _ = try await database.stock.applyStock([StockLevel(sku: SKU("A")!, quantity: 0)], source: "erp")
        let result = try await rewrite(["A", "B"])
        #expect(result.rewritten == 2)
        #expect(result.withoutCopy.isEmpty && result.runningJobsRaised == 1, "B has no copy yet, but its job is running: its commit is decided on the new stock")
        let urgent = try await database.outbox.claimOutbox(limit: 10, lane: .urgent)
        #expect(urgent.map(\.item.copy.bodyHTML).sorted() == [
            #"<p>x</p><p class="catalogd-availability">Currently out of stock.</p>"#, #"<p>x</p><p class="catalogd-availability">Derzeit nicht auf Lager.</p>"#,
        ])
        await #expect(try database.outbox.claimOutbox(limit: 10).isEmpty, "the copy with the old sentence was superseded")
        await #expect(try rewrite(["A"]).rewritten == 0, "nothing new to say")
        let stock = try await #require(try database.catalog.productDetail(SKU("A")!)?.stock)
        #expect(stock.quantity == 0 && !stock.discontinued && stock.velocity == 2.0 / 7, "catalogctl products show reports the stock")
    }

    /// A sell-out while the SKU's only job runs: no second run; the job is raised and its
    /// commit queues copy saying so, at the sell-out's priority.
    @Test func aSellOutWhileTheJobRunsRaisesItInsteadOfQueueingAnother() async throws {
        try importProducts(["HOT", "WARM"])
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("HOT")!, quantity: 5)], source: "erp")
        let running = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        #expect(running.sku.rawValue == "HOT")
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("HOT")!, quantity: 0)], source: "erp")
        let result = try await rewrite(["HOT"])
        #expect(result == AvailabilityRewrite(rewritten: 0, runningJobsRaised: 1, withoutCopy: []))
        try await complete(running, [copy("HOT", "en")])
        let urgent = try await database.outbox.claimOutbox(limit: 5, lane: .urgent)
        #expect(urgent.map(\.item.copy.sku.rawValue) == ["HOT"], "queued at the sell-out's priority")
        #expect(urgent.first?.item.copy.bodyHTML.hasSuffix(#"<p class="catalogd-availability">Currently out of stock.</p>"#) == true)
        await #expect(try database.generationQueue.claimGenerationJobs(limit: 5).map(\.sku.rawValue) == ["WARM"], "no second job for HOT")
    }

    /// A sell-out while the SKU's job still waits in the queue: the same transaction that finds
    /// no copy raises the waiting job, so a worker claiming it a moment later cannot leave the
    /// SKU with two jobs (the sell-out test saw two runs once).
    @Test func aSellOutWhileTheJobWaitsRaisesItInsteadOfQueueingAnother() async throws {
        try importProducts(["WARM", "HOT"])
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("HOT")!, quantity: 0)], source: "erp")
        let result = try await rewrite(["HOT"])
        #expect(result == AvailabilityRewrite(rewritten: 0, runningJobsRaised: 1, withoutCopy: []))
        let claimed = try await database.generationQueue.claimGenerationJobs(limit: 5)
        #expect(claimed.map(\.sku.rawValue) == ["HOT", "WARM"], "raised ahead of the import, and only one job for HOT")
    }

    /// Stock that moves between the decision and the commit: the store refuses the decisions
    /// and writes nothing; decided again, the copy tells the new stock.
    @Test func aSentenceWrittenForStockThatMovedIsRefusedAndDecidedAgain() async throws {
        try importProducts(["A"])
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("A")!, quantity: 4)], source: "erp")
        let job = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        let copies = [copy("A", "en")]
        let early = try await decider.decide(copies.map { ($0, nil) })
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("A")!, quantity: 1)], source: "erp")
        await #expect(throws: CopyDecisionsOutdated.self) {
            try await database.generationQueue.completeGeneration(job, copies: copies, productHash: job.product!.contentHash, target: "shop", decisions: early)
        }
        await #expect(try database.outbox.waitingItems(target: "shop").isEmpty, "nothing was written")
        // Copy of a SKU whose sentence is managed must have been decided.
        await #expect(throws: CopyDecisionsOutdated.self) {
            try await database.generationQueue.completeGeneration(job, copies: [copy("A", "de")], productHash: job.product!.contentHash, target: "shop", decisions: early)
        }
        try await complete(job, copies)
        await #expect(try database.outbox.waitingItems(target: "shop").map(\.copy.bodyHTML) == [#"<p>x</p><p class="catalogd-availability">Only 1 left in stock.</p>"#])
    }

    /// Handles are unique per locale: a second SKU with the same title gets its SKU appended,
    /// whether the first is in the same batch or stored; a SKU keeps its own handle; and a
    /// store asked to give a SKU a handle another one holds refuses.
    @Test func handlesAreMadeUniquePerLocale() async throws {
        let plain = CopyDecider(stock: database.stock, copies: database.copyLedger, stamp: nil)
        let batch: [(copy: GeneratedCopy, handle: String?)] = [
            (copy("A-1", "en"), "red-shirt"), (copy("B-2", "en"), "red-shirt"), (copy("C-3", "de"), "red-shirt"), (copy("D-4", "en"), "red-shirt-b-2"),
        ]
        let decisions = try await plain.decide(batch)
        #expect(batch.map { decisions.handle(sku: $0.copy.sku, locale: $0.copy.locale, proposed: $0.handle) } == [
            "red-shirt", "red-shirt-b-2-2", "red-shirt", "red-shirt-b-2",
        ], "B-2's first choice is A-1's; its second is D-4's own proposal, earlier in the batch; another locale is free")

        try importProducts(["A-1", "B-2"])
        let jobs = try await database.generationQueue.claimGenerationJobs(limit: 2)
        let a = try #require(jobs.first { $0.sku.rawValue == "A-1" })
        let b = try #require(jobs.first { $0.sku.rawValue == "B-2" })
        func run(_ job: GenerationJob) -> FinishedJob {
            let copy = copy(job.sku.rawValue, "en")
            let outcome = PipelineOutcome(sku: job.sku, results: [(copy.locale, .publish(copy, handle: "red-shirt"))], incidents: [], trace: PipelineTrace(), route: "template")
            return FinishedJob(job: job, result: .ran(outcome, variantB: []))
        }
        try await database.generationQueue.finishJobs([run(a)], target: "shop", decisions: try await plain.decide(run(a).copiesToStore))
        await #expect(throws: CopyDecisionsOutdated.self, "the store checks, and does not decide") {
            try await database.generationQueue.finishJobs([run(b)], target: "shop")
        }
        try await database.generationQueue.finishJobs([run(b)], target: "shop", decisions: try await plain.decide(run(b).copiesToStore))
        let handles = try await database.outbox.waitingItems(target: "shop").map { "\($0.copy.sku)=\($0.handle ?? "-")" }
        #expect(handles.sorted() == ["A-1=red-shirt", "B-2=red-shirt-b-2"])
        #expect(try await plain.decide(run(a).copiesToStore).handle(sku: a.sku, locale: LocaleCode("en")!, proposed: "red-shirt") == "red-shirt", "A-1 keeps its own")
    }
}
