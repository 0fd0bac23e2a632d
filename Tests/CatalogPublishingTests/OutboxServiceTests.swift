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
    func queue(sku: String = "A", locales: [String], target: String, title: String = "T") async throws {
        let claim = try database.imports.claim(ImportFile(name: "f\(sku)", path: "/f\(sku)", fingerprint: "f\(sku)", size: 1, source: "akeneo", mode: .delta))
        try database.imports.beginStaging(claim.id)
        try database.imports.stage([.product(.fixture(sku), line: 2)], to: claim.id)
        _ = try database.imports.finishStaging(claim.id, mode: .delta, notes: ImportNotes())
        _ = try database.imports.applyStaged(claim.id, policy: RegenerationPolicy())
        try await complete(sku: sku, locales: locales, target: target, title: title)
    }

    /// Completes the next generation job with copy titled `title`.
    func complete(sku: String, locales: [String], target: String, title: String) async throws {
        let job = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        let copies = locales.map {
            GeneratedCopy(sku: SKU(sku)!, locale: LocaleCode($0)!, title: title, bodyHTML: "<p>b</p>", metaTitle: "m", metaDescription: "d", generator: GeneratorIdentity(name: "template", version: "1"))
        }
        try await database.generationQueue.completeGeneration(job, copies: copies, productHash: job.product!.contentHash, target: target)
    }

    /// Two quick retries (5 s, 10 s ±20%), then every 15 minutes, for at most an hour.
    static let retry = RetryPolicy(quickRetries: 2, baseDelay: 5, deferInterval: 900, giveUpAfter: 3600)

    func service(_ targets: [any CommerceTarget]) -> OutboxService {
        OutboxService(outbox: database.outbox, review: database.review, targets: targets, retry: Self.retry, logger: Logger(label: "test"))
    }

    @Test func publishesThroughTheTargetWithTheIdempotencyKey() async throws {
        try await queue(locales: ["en", "de"], target: "fake-shop")
        let shop = RecordingCommerceTarget()
        #expect(try await service([shop]).drainOnce() == 2)
        #expect(shop.publishedItems.count == 2)
        #expect(Set(shop.publishedItems.map(\.idempotencyKey)).count == 2)
        await #expect(try database.status().outbox == ["published": 2])
    }

    @Test func theEmbeddedDefaultSendsEverythingToTheManualQueue() async throws {
        try await queue(locales: ["en"], target: "manual")
        try await service([ManualQueueTarget()]).drainOnce()
        let entries = try await database.manualQueue.entries()
        #expect(entries.count == 1)
        #expect(entries[0].reason.contains("no shop is configured"))
    }

    /// Issue 26: in manual mode (the embedded default) the "sent to the manual queue" alert
    /// fired for every SKU and locale (21 alerts for 7 SKUs); handing copy to the export queue
    /// is the target doing its job. One summary line with its own, informational MESSAGE_ID,
    /// found by each of its SKUs.
    @Test func theEmbeddedDefaultHandsOverWithoutAlerting() async throws {
        for sku in (1...7).map({ "M\($0)" }) { try await queue(sku: sku, locales: ["en", "de", "fr"], target: "manual") }
        let record = RecordingLogHandler.Record()
        let outbox = OutboxService(outbox: database.outbox, review: database.review, targets: [ManualQueueTarget()], retry: Self.retry, logger: RecordingLogHandler.logger(record))
        #expect(try await outbox.drainOnce() == 21)
        await #expect(try database.manualQueue.entries().count == 21)
        #expect(record.entries.allSatisfy { $0.metadata["message_id"].map { "\($0)" == JournalMessageID.queuedForExport } ?? true }, "\(record.entries.map(\.message))")
        let handOvers = record.entries.filter { $0.message.contains("queued for export") }
        #expect(handOvers.count == 1 && handOvers[0].message.hasPrefix("21 item(s) queued for export") && handOvers[0].level == .info, "\(record.entries.map(\.message))")
        let skus = handOvers.first?.metadata["sku"] ?? ""
        #expect((1...7).allSatisfy { skus.contains("\"M\($0)\"") }, "the hand-over line names each SKU once: \(skus)")
    }

    @Test func failuresRetryQuicklyThenDeferThenLandInTheManualQueueWithTheError() async throws {
        try await queue(locales: ["en"], target: "fake-shop")
        let shop = RecordingCommerceTarget(failFirst: 100)
        let outbox = service([shop])
        try await outbox.drainOnce()
        await #expect(try database.status().outbox == ["pending": 1])
        #expect(try await outbox.drainOnce() == 0, "not due before its backoff")
        clock.advance(by: 3.9)
        #expect(try await outbox.drainOnce() == 0, "the first retry waits at least 5 s - 20%")
        clock.advance(by: 2.2)
        #expect(try await outbox.drainOnce() == 1)
        clock.advance(by: 7.9)
        #expect(try await outbox.drainOnce() == 0, "the second retry waits at least 10 s - 20%")
        clock.advance(by: 4.2)
        #expect(try await outbox.drainOnce() == 1)
        // Quick retries used up: now every 15 minutes until the copy is an hour old.
        clock.advance(by: 899)
        #expect(try await outbox.drainOnce() == 0)
        var attempts = 3
        while try await database.manualQueue.entries().isEmpty {
            clock.advance(by: 901)
            #expect(try await outbox.drainOnce() == 1)
            attempts += 1
        }
        #expect(attempts == 6)
        let entries = try await database.manualQueue.entries()
        #expect(entries.count == 1)
        #expect(entries[0].reason == "publish failed 6 times over 1.0 h: HTTP 503 from the fake shop")
    }

    @Test func aTargetThatKeepsFailingIsCircuitBrokenWhileOthersFlow() async throws {
        let broken = RecordingCommerceTarget(name: "broken", failFirst: 1000)
        let healthy = RecordingCommerceTarget(name: "healthy")
        for sku in ["A", "B", "C", "D", "E", "F", "G"] {
            try await queue(sku: sku, locales: ["en"], target: "broken")
        }
        try await queue(sku: "H", locales: ["en"], target: "healthy")
        let outbox = OutboxService(
            outbox: database.outbox, review: database.review, targets: [broken, healthy], retry: Self.retry,
            circuit: CircuitBreaker(failureThreshold: 3, coolDown: 60), logger: Logger(label: "test")
        )
        #expect(try await outbox.drainOnce() == 8)
        #expect(healthy.publishedItems.count == 1)
        // Three pushes failed and opened the circuit; the other four waited without an attempt.
        #expect(broken.attempts == 3)
        await #expect(try database.status().outbox == ["pending": 7, "published": 1])
        clock.advance(by: 61)
        try await outbox.drainOnce()
        #expect(broken.attempts == 4, "half-open: one trial, which failed, so the circuit opened again")
    }

    @Test func aKeptShopEditIsRecordedNotQueued() async throws {
        try await queue(locales: ["en"], target: "fake-shop")
        try await service([RecordingCommerceTarget(keptReason: "edited in the shop")]).drainOnce()
        await #expect(try database.status().outbox == ["kept-shop": 1])
        await #expect(try database.manualQueue.entries().isEmpty)
    }

    @Test func aRetryThatSucceedsPublishesOnce() async throws {
        try await queue(locales: ["en"], target: "fake-shop")
        let shop = RecordingCommerceTarget(failFirst: 1)
        let outbox = service([shop])
        try await outbox.drainOnce()
        clock.advance(by: 6.1)
        try await outbox.drainOnce()
        #expect(shop.publishedItems.count == 1)
        await #expect(try database.status().outbox == ["published": 1])
    }

    @Test func anUnknownTargetIsNotDropped() async throws {
        try await queue(locales: ["en"], target: "shopify")
        try await service([RecordingCommerceTarget()]).drainOnce()
        await #expect(try database.manualQueue.entries().first?.reason == "target 'shopify' is not configured")
    }

    @Test func aRoundThatClaimsNothingLeavesTheHalfOpenTrialToARealPush() async throws {
        try await queue(sku: "A", locales: ["en"], target: "fake-shop")
        let shop = RecordingBatchTarget(shop: RecordingCommerceTarget(failFirst: 1), batchThreshold: 4)
        let outbox = OutboxService(
            outbox: database.outbox, review: database.review, targets: [shop], retry: Self.retry,
            circuit: CircuitBreaker(failureThreshold: 1, coolDown: 1), logger: Logger(label: "test")
        )
        try await outbox.drainOnce()
        await #expect(try database.status().outbox == ["pending": 1], "the failure opened the circuit")
        // Half-open, while the row still waits for its 5 s backoff: rounds that push nothing…
        clock.advance(by: 2)
        try await outbox.drainOnce()
        try await outbox.drainOnce()
        // …must not use up the trial: once the row is due, it is pushed.
        clock.advance(by: 600)
        try await outbox.drainOnce()
        await #expect(try database.status().outbox == ["published": 1])
    }

    @Test func bulkCapableTargetsGetTheirRowsAsOneBatch() async throws {
        for sku in ["A", "B", "C"] { try await queue(sku: sku, locales: ["en", "de"], target: "fake-shop") }
        let shop = RecordingBatchTarget(shop: RecordingCommerceTarget(failFirst: 1), batchThreshold: 4)
        let drained = try await service([shop]).drainOnce()
        #expect(drained == 6)
        #expect(shop.batchSizes == [6])
        // Per-item results: the one failure is retried on its own, the rest are published.
        await #expect(try database.status().outbox == ["published": 5, "pending": 1])
        clock.advance(by: 10)
        #expect(try await service([shop]).drainOnce() == 1)
        #expect(shop.batchSizes == [6], "below the threshold: pushed one by one")
        await #expect(try database.status().outbox == ["published": 6])
    }

    /// Issue 27: a circuit counts calls, not rows. One failed bulk call of six rows is one
    /// failure: it does not open a circuit that opens at three.
    @Test func aFailedBatchIsOneFailureForTheCircuit() async throws {
        for sku in ["A", "B", "C"] { try await queue(sku: sku, locales: ["en", "de"], target: "fake-shop") }
        let shop = RecordingBatchTarget(shop: RecordingCommerceTarget(failFirst: 6), batchThreshold: 4)
        let outbox = OutboxService(
            outbox: database.outbox, review: database.review, targets: [shop], retry: Self.retry,
            circuit: CircuitBreaker(failureThreshold: 3, coolDown: 1_000), logger: Logger(label: "test")
        )
        #expect(try await outbox.drainOnce() == 6)
        await #expect(try database.status().outbox == ["pending": 6])
        clock.advance(by: 10)
        #expect(try await outbox.drainOnce() == 6, "the circuit stayed closed")
        await #expect(try database.status().outbox == ["published": 6])
        #expect(shop.batchSizes == [6, 6])
    }

    /// Issue 27: 250 SKUs × 3 store views never used Magento's bulk API, because the threshold
    /// was counted in one claim, and a claim holds the primary locale's rows before their
    /// translations. What is due decides.
    @Test func theBulkThresholdCountsWhatIsDueNotWhatOneClaimHolds() async throws {
        for sku in ["A", "B", "C"] { try await queue(sku: sku, locales: ["en", "de", "fr"], target: "fake-shop") }
        let shop = RecordingBatchTarget(shop: RecordingCommerceTarget(), batchThreshold: 5)
        let outbox = OutboxService(outbox: database.outbox, review: database.review, targets: [shop], primaryLocale: LocaleCode("en"), retry: Self.retry, logger: Logger(label: "test"))
        #expect(try await outbox.drainOnce() == 3, "the primaries first")
        #expect(try await outbox.drainOnce() == 6)
        #expect(shop.batchSizes == [3, 6])
        await #expect(try database.status().outbox == ["published": 9])
    }

    /// The rows a batch claim left go in the target's next batch, not one by one through the
    /// round's general claim: each of those was a transaction of its own, and a bulk run into
    /// the manual queue made 47,000 of them for 20,000 SKUs.
    @Test func aBatchTargetsRowsBeyondOneClaimWaitForTheNextBatch() async throws {
        for sku in (0..<10).map({ "S\($0)" }) { try await queue(sku: sku, locales: ["en", "de"], target: "fake-shop") }
        let shop = RecordingBatchTarget(shop: RecordingCommerceTarget(), batchThreshold: 4)
        let outbox = service([shop])
        // A claim of max(threshold, batch size) × 4 = 16 rows: the other 4 stay pending.
        #expect(try await outbox.drainOnce(batchSize: 1) == 16)
        await #expect(try database.status().outbox == ["published": 16, "pending": 4])
        #expect(try await outbox.drainOnce(batchSize: 1) == 4)
        #expect(shop.batchSizes == [16, 4])
        #expect(shop.shop.attempts == 20)
    }

    /// A target with nowhere in the shop to keep provenance gets the hash of the copy the
    /// outbox last published for that SKU, locale and target.
    @Test func claimedRowsCarryTheLastPublishedCopysHash() async throws {
        try await queue(locales: ["en"], target: "fake-shop", title: "First")
        let shop = RecordingCommerceTarget()
        try await service([shop]).drainOnce()
        let first = try #require(shop.publishedItems.first)
        #expect(first.lastPushed == nil)

        await #expect(try database.generationQueue.requestRegeneration([SKU("A")!]) == 1)
        try await complete(sku: "A", locales: ["en"], target: "fake-shop", title: "Second")
        try await service([shop]).drainOnce()
        let second = try #require(shop.publishedItems.last)
        #expect(second.copy.title == "Second")
        #expect(second.lastPushed == first.copy.contentHash)
    }

    /// A person retries an entry after the shop came back; if it fails for good again, the
    /// same entry reopens with the new reason. Resolving it "published by hand" makes its copy
    /// the last pushed one.
    @Test func manualEntriesCanBeRetriedAndResolved() async throws {
        try await queue(locales: ["en", "de"], target: "fake-shop")
        try await service([RecordingCommerceTarget(manualReason: "shop says no")]).drainOnce()
        let entries = try await database.manualQueue.entries()
        #expect(entries.map(\.reason) == ["shop says no", "shop says no"])
        let detail = try await #require(try database.manualQueue.manualQueueDetail(id: entries[0].id))
        #expect(detail.entry.copy.locale.identifier == "de")
        #expect(detail.attempts == 0)

        await #expect(try database.manualQueue.retryManualEntry(id: entries[0].id, actor: "test"))
        await #expect(try database.manualQueue.retryManualEntry(id: entries[0].id, actor: "test") == false, "no longer open")
        await #expect(try database.manualQueue.entries().map(\.id) == [entries[1].id])
        try await service([RecordingCommerceTarget(manualReason: "still no")]).drainOnce()
        await #expect(try database.manualQueue.entries().map(\.reason) == ["still no", "shop says no"])

        await #expect(try database.manualQueue.resolveManualEntry(id: entries[1].id, as: .publishedByHand, note: "imported the CSV", actor: "test"))
        await #expect(try database.manualQueue.resolveManualEntry(id: entries[0].id, as: .dismissed, note: nil, actor: "test"))
        await #expect(try database.manualQueue.entries().isEmpty)
        await #expect(try database.status().outbox == ["published": 1, "dismissed": 1])

        // The hand-published copy is what the next push is compared against.
        await #expect(try database.generationQueue.requestRegeneration([SKU("A")!]) == 1)
        try await complete(sku: "A", locales: ["en"], target: "fake-shop", title: "Next")
        let shop = RecordingCommerceTarget()
        try await service([shop]).drainOnce()
        #expect(shop.publishedItems.first?.lastPushed == GeneratedCopy(
            sku: SKU("A")!, locale: LocaleCode("en")!, title: "T", bodyHTML: "<p>b</p>", metaTitle: "m", metaDescription: "d",
            generator: GeneratorIdentity(name: "template", version: "1")
        ).contentHash)
    }
}
