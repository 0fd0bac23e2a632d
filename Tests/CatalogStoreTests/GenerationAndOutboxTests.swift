import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

@Suite struct GenerationAndOutboxTests {
    func copy(_ sku: String, _ locale: String, title: String = "Title") -> GeneratedCopy {
        GeneratedCopy(sku: SKU(sku)!, locale: LocaleCode(locale)!, title: title, bodyHTML: "<p>x</p>", metaTitle: "m", metaDescription: "d", generator: GeneratorIdentity(name: "template", version: "1"))
    }

    @Test func jobsAreClaimedByPriorityThenAgeAndLeased() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("SNAP")], mode: .snapshot)
        _ = try fixture.importProducts([.fixture("DELTA")], source: "other", mode: .delta)
        let jobs = try await fixture.database.generationQueue.claimGenerationJobs(limit: 10)
        #expect(jobs.map(\.sku.rawValue) == ["DELTA", "SNAP"])
        #expect(jobs.allSatisfy { $0.product != nil })
        // Leased jobs are not handed out twice while the lease holds…
        await #expect(try fixture.database.generationQueue.claimGenerationJobs(limit: 10).isEmpty)
        // …but a worker that died releases them when the lease expires.
        fixture.clock.advance(by: 301)
        await #expect(try fixture.database.generationQueue.claimGenerationJobs(limit: 10).count == 2)
    }

    @Test func theOwnerOfTheStateTakesBackLeasesAKilledDaemonHeld() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B")])
        let job = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await fixture.database.generationQueue.completeGeneration(job, copies: [copy(job.sku.rawValue, "en")], productHash: job.product!.contentHash, target: "manual")
        _ = try await fixture.database.generationQueue.claimGenerationJobs(limit: 1)
        await #expect(try fixture.database.outbox.claimOutbox(limit: 10).count == 1)
        // Both leases hold for minutes; a restarted daemon does not wait them out.
        await #expect(try fixture.database.generationQueue.claimGenerationJobs(limit: 10).isEmpty)
        await #expect(try fixture.database.outbox.claimOutbox(limit: 10).isEmpty)
        // B changed while its job ran: one job running, one queued for the same SKU.
        _ = try fixture.importProducts([.fixture("A"), .fixture("B", color: "Red")])
        let recovered = try fixture.database.recoverLeases()
        #expect(recovered.pushes == 1 && recovered.jobs == 1)
        await #expect(try fixture.database.status().generationJobs == ["done": 1, "queued": 1, "superseded": 1])
        await #expect(try fixture.database.generationQueue.claimGenerationJobs(limit: 10).map(\.sku.rawValue) == ["B"])
        await #expect(try fixture.database.outbox.claimOutbox(limit: 10).count == 1)
    }

    @Test func changesWhileAJobRunsQueueOneMoreJobNotMany() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")], mode: .delta)
        _ = try await fixture.database.generationQueue.claimGenerationJobs(limit: 1)
        _ = try fixture.importProducts([.fixture("A", color: "Red")], mode: .delta)
        _ = try fixture.importProducts([.fixture("A", color: "Green")], mode: .delta)
        await #expect(try fixture.database.status().generationJobs == ["running": 1, "queued": 1])
    }

    @Test func copyQueuedAgainAfterOtherCopyIsPushedAgain() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try fixture.importProducts([.fixture("A", color: "Crimson")], mode: .delta)
        func generate(_ title: String) async throws {
            let job = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
            try await database.generationQueue.completeGeneration(job, copies: [copy("A", "en", title: title)], productHash: job.product!.contentHash, target: "shop")
            for entry in try await database.outbox.claimOutbox(limit: 10) { try await database.outbox.markPublished(entry) }
        }
        try await generate("Crimson")
        _ = try fixture.importProducts([.fixture("A", color: "Teal")], mode: .delta)
        try await generate("Blue")
        // The PIM reverts the change: the shop shows Blue, so Crimson must be pushed again.
        _ = try fixture.importProducts([.fixture("A", color: "Crimson")], mode: .delta)
        let job = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await database.generationQueue.completeGeneration(job, copies: [copy("A", "en", title: "Crimson")], productHash: job.product!.contentHash, target: "shop")
        await #expect(try database.outbox.claimOutbox(limit: 10).map(\.item.copy.title) == ["Crimson"])
        // Queued again with nothing in between: nothing new.
        try await database.generationQueue.completeGeneration(job, copies: [copy("A", "en", title: "Crimson")], productHash: job.product!.contentHash, target: "shop")
        await #expect(try database.status().outbox == ["published": 2, "in_flight": 1])
    }

    @Test func aJobThatFinishesAfterANewerOneForTheSameSKUQueuesNothing() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")], mode: .delta)
        let older = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        _ = try fixture.importProducts([.fixture("A", color: "Red")], mode: .delta)
        let newer = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        // Two workers: the newer job finishes first, the older one after it.
        try await fixture.database.generationQueue.completeGeneration(newer, copies: [copy("A", "en", title: "Red")], productHash: newer.product!.contentHash, target: "shop")
        try await fixture.database.generationQueue.completeGeneration(older, copies: [copy("A", "en", title: "Blue")], productHash: older.product!.contentHash, target: "shop")
        await #expect(try fixture.database.outbox.claimOutbox(limit: 10).map(\.item.copy.title) == ["Red"])
        await #expect(try fixture.database.status().generationJobs == ["done": 1, "superseded": 1])
    }

    @Test func completingAJobQueuesOneOutboxRowPerLocaleAtomically() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")])
        let job = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await fixture.database.generationQueue.completeGeneration(job, copies: [copy("A", "en"), copy("A", "de")], productHash: job.product!.contentHash, target: "manual")
        await #expect(try fixture.database.status().generationJobs == ["done": 1])
        let entries = try await fixture.database.outbox.claimOutbox(limit: 10)
        #expect(entries.map(\.item.copy.locale.identifier).sorted() == ["de", "en"])
        #expect(entries.allSatisfy { $0.item.target == "manual" })
        await #expect(try fixture.database.catalog.productDetail(SKU("A")!)?.copy.count == 2)
    }

    @Test func newerCopySupersedesUnpublishedAndQueuedCopy() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")], mode: .delta)
        let first = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await fixture.database.generationQueue.completeGeneration(first, copies: [copy("A", "en", title: "Old")], productHash: first.product!.contentHash, target: "manual")
        let entry = try await #require(try fixture.database.outbox.claimOutbox(limit: 1).first)
        try await fixture.database.outbox.moveToManualQueue(entry, reason: "no shop")
        await #expect(try fixture.database.manualQueue.entries().map(\.copy.title) == ["Old"])

        _ = try fixture.importProducts([.fixture("A", color: "Red")], mode: .delta)
        let second = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await fixture.database.generationQueue.completeGeneration(second, copies: [copy("A", "en", title: "New")], productHash: second.product!.contentHash, target: "manual")
        await #expect(try fixture.database.manualQueue.entries().isEmpty, "the old manual entry is superseded once newer copy is queued")
        let newer = try await #require(try fixture.database.outbox.claimOutbox(limit: 5).first)
        #expect(newer.item.copy.title == "New")
    }

    @Test func identicalCopyIsNotQueuedTwice() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")], mode: .delta)
        let job = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await fixture.database.generationQueue.completeGeneration(job, copies: [copy("A", "en")], productHash: job.product!.contentHash, target: "manual")
        try await fixture.database.generationQueue.completeGeneration(job, copies: [copy("A", "en")], productHash: job.product!.contentHash, target: "manual")
        await #expect(try fixture.database.status().outbox == ["pending": 1])
    }

    @Test func failedJobsRetryThenPark() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")])
        for _ in 0..<2 {
            let job = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
            try await fixture.database.generationQueue.failGeneration(job, error: "provider down", maxAttempts: 2)
        }
        await #expect(try fixture.database.status().generationJobs == ["failed": 1])
        await #expect(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).isEmpty)
    }

    @Test func outboxRetryWaitsForItsBackoff() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")])
        let job = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await fixture.database.generationQueue.completeGeneration(job, copies: [copy("A", "en")], productHash: job.product!.contentHash, target: "shop")
        let entry = try await #require(try fixture.database.outbox.claimOutbox(limit: 1).first)
        try await fixture.database.outbox.scheduleRetry(entry, error: "503", delaySeconds: 10)
        await #expect(try fixture.database.outbox.claimOutbox(limit: 1).isEmpty)
        fixture.clock.advance(by: 10)
        let retried = try await #require(try fixture.database.outbox.claimOutbox(limit: 1).first)
        #expect(retried.attempts == 1)
        try await fixture.database.outbox.markPublished(retried)
        await #expect(try fixture.database.status().outbox == ["published": 1])
    }

    @Test func newerCopyWaitsForTheOlderPushInFlightAndTheOlderNeverComesBack() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        _ = try fixture.importProducts([.fixture("A")])
        let job = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await database.generationQueue.completeGeneration(job, copies: [copy("A", "en", title: "Old")], productHash: job.product!.contentHash, target: "shop")
        let old = try await #require(try database.outbox.claimOutbox(limit: 10, lane: .routine).first)
        // While the bulk lane pushes the old copy, a change queues a newer one.
        _ = try fixture.importProducts([.fixture("A", color: "Red")])
        let next = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await database.generationQueue.completeGeneration(next, copies: [copy("A", "en", title: "New")], productHash: next.product!.contentHash, target: "shop")
        await #expect(try database.outbox.claimOutbox(limit: 10).isEmpty, "the newer copy must not race the older push")
        // The older push fails: its retry must not bring the older copy back.
        try await database.outbox.scheduleRetry(old, error: "503", delaySeconds: 0)
        let claimed = try await database.outbox.claimOutbox(limit: 10)
        #expect(claimed.map(\.item.copy.title) == ["New"])
        try await database.outbox.markPublished(claimed[0])
        await #expect(try database.status().outbox == ["published": 1, "superseded": 1])
    }

    @Test func thePrimaryLocalesCopyIsPushedBeforeItsTranslations() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")])
        let job = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await fixture.database.generationQueue.completeGeneration(job, copies: [copy("A", "de"), copy("A", "en"), copy("A", "fr")], productHash: job.product!.contentHash, target: "shop")
        let first = try await fixture.database.outbox.claimOutbox(limit: 10, primaryLocale: "en")
        #expect(first.map(\.item.copy.locale.identifier) == ["en"])
        await #expect(try fixture.database.outbox.claimOutbox(limit: 10, primaryLocale: "en").isEmpty, "not while the primary is in flight")
        try await fixture.database.outbox.markPublished(first[0])
        await #expect(try fixture.database.outbox.claimOutbox(limit: 10, primaryLocale: "en").map(\.item.copy.locale.identifier) == ["de", "fr"])
    }

    @Test func aTranslationWaitingForItsPrimaryIsDueOnceThePrimaryLands() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B")])
        for job in try await fixture.database.generationQueue.claimGenerationJobs(limit: 2) {
            try await fixture.database.generationQueue.completeGeneration(job, copies: [copy(job.sku.rawValue, "en"), copy(job.sku.rawValue, "de")], productHash: job.product!.contentHash, target: "shop")
        }
        let entries = try await fixture.database.outbox.claimOutbox(limit: 10)
        func entry(_ sku: String, _ locale: String) throws -> OutboxEntry {
            try #require(entries.first { $0.item.copy.sku.rawValue == sku && $0.item.copy.locale.identifier == locale })
        }
        // Both translations were tried before their primary copy landed, and deferred.
        try await fixture.database.outbox.scheduleRetry(try entry("A", "de"), error: "waiting-for-primary", delaySeconds: 900, waitsForSibling: true)
        try await fixture.database.outbox.scheduleRetry(try entry("B", "de"), error: "waiting-for-primary", delaySeconds: 900, waitsForSibling: true)
        // B's primary failed with a 503: that keeps its backoff.
        try await fixture.database.outbox.scheduleRetry(try entry("B", "en"), error: "503", delaySeconds: 30)
        try await fixture.database.outbox.markPublished(try entry("A", "en"))
        let due = try await fixture.database.outbox.claimOutbox(limit: 10)
        #expect(due.map { "\($0.item.copy.sku) \($0.item.copy.locale)" } == ["A de"], "only A's translation: B's primary has not landed")
        #expect(due.first?.attempts == 1)
    }

    @Test func exportedEntriesAreMarked() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")])
        let job = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await fixture.database.generationQueue.completeGeneration(job, copies: [copy("A", "en"), copy("A", "fr")], productHash: job.product!.contentHash, target: "manual")
        for entry in try await fixture.database.outbox.claimOutbox(limit: 5) { try await fixture.database.outbox.moveToManualQueue(entry, reason: "no shop") }
        let queue = try await fixture.database.manualQueue.entries()
        try await fixture.database.manualQueue.markExported([queue[0].id])
        await #expect(try fixture.database.manualQueue.entries(includeExported: false).count == 1)
        await #expect(try fixture.database.manualQueue.entries().map(\.state).sorted() == ["exported", "open"])
        await #expect(try fixture.database.status().manualQueueOpen == 1)
    }
}
