import CatalogCore
import CatalogPublishing
import CatalogStore
import CatalogTestSupport
import Logging
import Testing

@Suite struct OutboxServiceTests {
    let directory = TemporaryDirectory()
    let clock = FixedClock()
    let database: CatalogDatabase

    init() throws {
        database = try CatalogDatabase(path: directory.path("catalog.sqlite").path, clock: clock)
    }

    /// Imports one product and completes its job so one outbox row per locale waits for `target`.
    func queue(locales: [String], target: String) throws {
        let claim = try database.claim(ImportFile(name: "f", path: "/f", fingerprint: "f", size: 1, source: "akeneo", mode: .snapshot))
        try database.beginStaging(claim.id)
        try database.stage([.product(.fixture("A"), line: 2)], to: claim.id)
        _ = try database.finishStaging(claim.id, mode: .snapshot, notes: ImportNotes())
        _ = try database.applyStaged(claim.id, policy: RegenerationPolicy())
        let job = try #require(try database.claimGenerationJobs(limit: 1).first)
        let copies = locales.map {
            GeneratedCopy(sku: SKU("A")!, locale: LocaleCode($0)!, title: "T", bodyHTML: "<p>b</p>", metaTitle: "m", metaDescription: "d", generator: GeneratorIdentity(name: "template", version: "1"))
        }
        try database.completeGeneration(job, copies: copies, productHash: job.product!.contentHash, target: target)
    }

    func service(_ targets: [any CommerceTarget], maxAttempts: Int = 3) -> OutboxService {
        OutboxService(database: database, targets: targets, maxAttempts: maxAttempts, logger: Logger(label: "test"))
    }

    @Test func publishesThroughTheTargetWithTheIdempotencyKey() async throws {
        try queue(locales: ["en", "de"], target: "fake-shop")
        let shop = RecordingCommerceTarget()
        #expect(try await service([shop]).drainOnce() == 2)
        #expect(shop.publishedItems.count == 2)
        #expect(Set(shop.publishedItems.map(\.idempotencyKey)).count == 2)
        #expect(try database.status().outbox == ["published": 2])
    }

    @Test func theEmbeddedDefaultSendsEverythingToTheManualQueue() async throws {
        try queue(locales: ["en"], target: "manual")
        try await service([ManualQueueTarget()]).drainOnce()
        let entries = try database.manualQueue()
        #expect(entries.count == 1)
        #expect(entries[0].reason.contains("no shop is configured"))
    }

    @Test func failuresBackOffThenLandInTheManualQueueWithTheError() async throws {
        try queue(locales: ["en"], target: "fake-shop")
        let shop = RecordingCommerceTarget(failFirst: 10)
        let outbox = service([shop], maxAttempts: 3)
        try await outbox.drainOnce()
        #expect(try database.status().outbox == ["pending": 1])
        #expect(try await outbox.drainOnce() == 0, "not due before its backoff")
        clock.advance(by: 5)
        try await outbox.drainOnce()
        clock.advance(by: 10)
        try await outbox.drainOnce()
        let entries = try database.manualQueue()
        #expect(entries.count == 1)
        #expect(entries[0].reason == "publish failed 3 times: HTTP 503 from the fake shop")
    }

    @Test func aRetryThatSucceedsPublishesOnce() async throws {
        try queue(locales: ["en"], target: "fake-shop")
        let shop = RecordingCommerceTarget(failFirst: 1)
        let outbox = service([shop])
        try await outbox.drainOnce()
        clock.advance(by: 5)
        try await outbox.drainOnce()
        #expect(shop.publishedItems.count == 1)
        #expect(try database.status().outbox == ["published": 1])
    }

    @Test func anUnknownTargetIsNotDropped() async throws {
        try queue(locales: ["en"], target: "shopify")
        try await service([RecordingCommerceTarget()]).drainOnce()
        #expect(try database.manualQueue().first?.reason == "target 'shopify' is not configured")
    }
}
