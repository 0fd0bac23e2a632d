import CatalogCore
import CatalogPipeline
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// One queue for generation and publishing: priorities first, sources taking turns, bulk
/// snapshots bestsellers first, and stock changes waiting for their reaction (the sentences
/// themselves are CatalogGeneration's: `CopyDeciderTests`).
@Suite struct FairQueueTests {
    func copy(_ sku: String, _ locale: String) -> GeneratedCopy {
        GeneratedCopy(sku: SKU(sku)!, locale: LocaleCode(locale)!, title: "T", bodyHTML: "<p>x</p>", metaTitle: "m", metaDescription: "d", generator: GeneratorIdentity(name: "template", version: "1"))
    }

    @Test func sourcesTakeTurnsWithinAPriorityAndBestsellersLeadASnapshot() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts((1...4).map { Product.fixture("EU-\($0)") }, source: "eu", mode: .snapshot)
        _ = try fixture.importProducts((1...2).map { Product.fixture("US-\($0)") }, source: "us", mode: .snapshot)
        // EU-3 sells fastest: 9 units in a day.
        _ = try await fixture.database.stock.applyStock([StockLevel(sku: SKU("EU-3")!, quantity: 10)], source: "erp")
        fixture.clock.advance(by: 3600)
        _ = try await fixture.database.stock.applyStock([StockLevel(sku: SKU("EU-3")!, quantity: 1)], source: "erp")
        _ = try await fixture.database.generationQueue.requestRegeneration([SKU("US-9")!], priority: .inventory, reason: "inventory:out-of-stock", source: "erp")

        let jobs = try await fixture.database.generationQueue.claimGenerationJobs(limit: 10)
        #expect(jobs.map(\.sku.rawValue) == ["US-9", "EU-3", "US-1", "EU-1", "US-2", "EU-2", "EU-4"])
        #expect(jobs[1].velocity == 9.0 / 7, "9 units sold within the 7-day window")
        #expect(jobs[2].velocity == 0)
    }

    @Test func urgentOutboxRowsGoFirstAndHaveTheirOwnLane() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("BULK-1"), .fixture("BULK-2")], mode: .snapshot)
        for job in try await fixture.database.generationQueue.claimGenerationJobs(limit: 10) {
            try await fixture.database.generationQueue.completeGeneration(job, copies: [copy(job.sku.rawValue, "en")], productHash: job.product!.contentHash, target: "shop")
        }
        _ = try fixture.importProducts([.fixture("HOT")], mode: .delta)
        _ = try await fixture.database.generationQueue.requestRegeneration([SKU("HOT")!], priority: .inventory, reason: "inventory:out-of-stock")
        let hot = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        #expect(hot.priority == .inventory)
        try await fixture.database.generationQueue.completeGeneration(hot, copies: [copy("HOT", "en")], productHash: hot.product!.contentHash, target: "shop")

        await #expect(try fixture.database.outbox.claimOutbox(limit: 10, lane: .routine).map(\.item.copy.sku.rawValue) == ["BULK-1", "BULK-2"])
        await #expect(try fixture.database.outbox.claimOutbox(limit: 10, lane: .urgent).map(\.item.copy.sku.rawValue) == ["HOT"])
        fixture.clock.advance(by: 121)
        await #expect(try fixture.database.outbox.claimOutbox(limit: 10).map(\.item.copy.sku.rawValue) == ["HOT", "BULK-1", "BULK-2"], "expired leases come back in priority order")
    }

    @Test func stockChangesWaitForTheirReactionInTheSameTransaction() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("A")!, quantity: 5), StockLevel(sku: SKU("B")!, quantity: 1)], source: "erp")
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("A")!, quantity: 0, discontinued: true)], source: "erp")
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("A")!, quantity: 0, discontinued: true)], source: "erp")  // no change, nothing to react to
        let pending = try await database.stock.pendingStockReactions()
        #expect(pending.map(\.change) == [
            StockChange(sku: SKU("A")!, old: nil, new: 5), StockChange(sku: SKU("B")!, old: nil, new: 1),
            StockChange(sku: SKU("A")!, old: 5, new: 0, wasDiscontinued: false, discontinued: true),
        ])
        #expect(Set(pending.map(\.source)) == ["erp"])
        try await database.stock.finishStockReactions(Array(pending.prefix(2)))
        await #expect(try database.stock.pendingStockReactions().map(\.change.sku.rawValue) == ["A"])
        await #expect(try database.stock.pendingStockReactions(limit: 0).isEmpty)
    }
}

@Suite struct VariantSlotTests {
    @Test func anExperimentQueuesVariantBCopyBesideTheProductsOwn() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try fixture.importProducts([.fixture("A-1")], mode: .delta)
        let first = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        let a = GeneratorIdentity(name: "template", version: "1"), b = GeneratorIdentity(name: "llm:fake/m", version: "2")
        func copy(_ title: String, _ generator: GeneratorIdentity) -> GeneratedCopy {
            GeneratedCopy(sku: SKU("A-1")!, locale: LocaleCode("en")!, title: title, bodyHTML: "<p>\(title)</p>", metaTitle: title, metaDescription: title, generator: generator)
        }
        try await database.generationQueue.completeGeneration(first, copies: [copy("Old", a)], productHash: first.product!.contentHash, target: "shop")
        for entry in try await database.outbox.claimOutbox(limit: 5) { try await database.outbox.markPublished(entry) }

        _ = try await database.experiments.createExperiment(name: "x", skus: [SKU("A-1")!], variantA: a, variantB: b, actor: "test")
        await #expect(try database.experiments.experimentVariants(for: SKU("A-1")!) == ExperimentVariants(a: a, b: b))
        let job = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first, "creating the experiment queues the SKU again")
        #expect(job.experiment == ExperimentVariants(a: a, b: b), "the claim carries the experiment")
        #expect(job.reason == "ab:variant-b")
        let outcome = PipelineOutcome(sku: job.sku, results: [(LocaleCode("en")!, .publish(copy("New A", a), handle: "h"))], incidents: [], trace: PipelineTrace(), route: "template")
        try await database.generationQueue.completePipelineRun(job, outcome: outcome, productHash: job.product!.contentHash, target: "shop", variantB: [copy("New B", b)])
        let queued = try await database.outbox.claimOutbox(limit: 5)
        #expect(queued.map(\.item.slot).sorted { $0.rawValue < $1.rawValue } == [.main, .variantB])
        #expect(queued.first { $0.item.slot == .variantB }?.item.copy.title == "New B")
        #expect(queued.first { $0.item.slot == .main }?.item.lastPushed != nil, "the main slot compares with what was published")
        #expect(queued.first { $0.item.slot == .variantB }?.item.lastPushed == nil, "variant B has its own history")
    }
}
