import CatalogCore
@testable import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// What `completePipelineRun` writes: publishable copy with unique handles, review items with
/// their proposed copy, deferred translations that come back as jobs, the trace and the ledger.
@Suite struct PipelineRecordsTests {
    static let en = LocaleCode("en")!
    static let de = LocaleCode("de")!
    static let fr = LocaleCode("fr")!
    static let model = GeneratorIdentity(name: "llm:scripted/m", version: "1.0.0")

    func copy(_ sku: String, _ locale: LocaleCode, title: String) -> GeneratedCopy {
        GeneratedCopy(sku: SKU(sku)!, locale: locale, title: title, bodyHTML: "<p>\(title)</p>", metaTitle: title, metaDescription: title, generator: Self.model)
    }

    func outcome(_ sku: String, _ results: [(LocaleCode, LocaleResult)], cost: Double = 0.002) -> PipelineOutcome {
        var trace = PipelineTrace()
        trace.record(PipelineStep(agent: "planner", action: "choose-route", outcome: "primary"))
        trace.record(PipelineStep(agent: "executor", locale: Self.en, action: "generate", outcome: "ok", provider: "scripted", model: "m", inputTokens: 400, outputTokens: 300, costUSD: cost))
        return PipelineOutcome(sku: SKU(sku)!, results: results.map { (locale: $0.0, result: $0.1) }, incidents: [
            Incident(kind: .piiInOutput, sku: SKU(sku)!, locale: Self.en, detail: "redacted 1 email"),
        ], trace: trace, route: "scripted/m")
    }

    func job(_ fixture: StoreFixture, _ sku: String) async throws -> GenerationJob {
        _ = try await fixture.database.generationQueue.requestRegeneration([SKU(sku)!])
        return try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 10).first { $0.sku.rawValue == sku })
    }

    @Test func recordsEveryLocalesFateInOneRun() async throws {
        let fixture = try StoreFixture()
        try fixture.importProducts([.fixture("A")])
        let review = ReviewRequest(locale: Self.de, reason: .legal, why: "rule x", scores: ["confidence": 0.9], copy: copy("A", Self.de, title: "Lampe"), suggestedEdits: ["remove \"guaranteed\""])
        try await fixture.database.generationQueue.completePipelineRun(try job(fixture, "A"), outcome: outcome("A", [
            (Self.en, .publish(copy("A", Self.en, title: "Arc lamp"), handle: "arc-lamp")),
            (Self.de, .review(review)),
            (Self.fr, .deferred("every provider failed")),
        ]), productHash: Product.fixture("A").contentHash, target: "manual")

        let items = try await fixture.database.review.reviewItems()
        #expect(items.map(\.reason) == ["legal"] && items.first?.title == "Lampe" && items.first?.suggestedEdits == ["remove \"guaranteed\""])
        let runs = try await fixture.database.copyLedger.pipelineRuns(for: SKU("A")!)
        #expect(runs.first?.summary == "1 published, 1 review, 1 deferred")
        #expect(runs.first?.steps.map(\.action) == ["choose-route", "generate"])
        await #expect(try fixture.database.copyLedger.costTotals().today == 0.002)
        await #expect(try fixture.database.copyLedger.costs(by: .model).map(\.key) == ["scripted/m"])
        let status = try await fixture.database.status()
        #expect(status.outbox["pending"] == 1, "only the publishable locale is queued")
        #expect(status.reviewOpen == 1 && status.translationsQueued == 1)
    }

    /// A run's steps live on the run (one row, not one per step); runs recorded before that
    /// keep their rows and read the same; /metrics counts provider calls per hour as runs commit.
    @Test func tracesOfEitherLayoutReadAlikeAndProviderCallsAreCounted() async throws {
        let fixture = try StoreFixture()
        try fixture.importProducts([.fixture("A")])
        try await fixture.database.generationQueue.completePipelineRun(try job(fixture, "A"), outcome: outcome("A", [(Self.en, .publish(copy("A", Self.en, title: "Lamp"), handle: "lamp"))]), productHash: Product.fixture("A").contentHash, target: "manual")
        try await fixture.database.pool.write { db in
            try db.execute(sql: "INSERT INTO pipeline_runs (job_id, sku, route, summary, cost_usd, at) VALUES (NULL, 'A', 'template', 'old', 0, 1)")
            try db.execute(sql: """
                INSERT INTO pipeline_steps (run_id, seq, agent, locale, action, outcome, detail, provider, model) VALUES (?, 0, 'executor', 'en', 'generate', 'template', '{"reason":"old"}', 'template', 't@1')
                """, arguments: [db.lastInsertedRowID])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pipeline_steps") == 1, "the new run wrote no step rows")
        }
        let runs = try await fixture.database.copyLedger.pipelineRuns(for: SKU("A")!)
        #expect(runs.map(\.summary) == ["old", "1 published"])
        #expect(runs[0].steps.map(\.detail) == [["reason": "old"]] && runs[0].steps.first?.locale == "en")
        #expect(runs[1].steps.map(\.action) == ["choose-route", "generate"] && runs[1].steps[1].costUSD == 0.002)
        let calls = try await fixture.database.copyLedger.providerCallOutcomes()
        #expect(calls.map(\.route) == ["scripted/m"] && calls.map(\.count) == [1], "the old run is outside the window")
    }

    @Test func deferredTranslationsComeBackAsJobsWhenTheirWaitIsOver() async throws {
        let fixture = try StoreFixture()
        try fixture.importProducts([.fixture("A")])
        _ = try await fixture.database.generationQueue.claimGenerationJobs(limit: 10)  // the import's own job
        try await fixture.database.generationQueue.completePipelineRun(try job(fixture, "A"), outcome: outcome("A", [(Self.fr, .deferred("down"))]), productHash: Product.fixture("A").contentHash, target: "manual", retryTranslationsAfter: 900)
        await #expect(try fixture.database.generationQueue.requeueDueTranslations() == 0, "not yet")
        fixture.clock.advance(by: 901)
        await #expect(try fixture.database.generationQueue.requeueDueTranslations() == 1)
        let retry = try await #require(try fixture.database.generationQueue.claimGenerationJobs(limit: 1).first)
        #expect(retry.reason == "translation-retry")
        // A run that writes the locale settles the queued translation.
        try await fixture.database.generationQueue.completePipelineRun(retry, outcome: outcome("A", [(Self.fr, .publish(copy("A", Self.fr, title: "Lampe Arc"), handle: "lampe-arc"))]), productHash: Product.fixture("A").contentHash, target: "manual")
        fixture.clock.advance(by: 2_000)
        await #expect(try fixture.database.generationQueue.requeueDueTranslations() == 0)
    }

    /// Handles are unique per locale: the store keeps the handle decided for the copy
    /// (`CopyDecider` picks them) and refuses one another SKU holds.
    @Test func decidedHandlesAreKeptATakenOneIsRefusedAndNewerReviewsSupersedeOlderOnes() async throws {
        let fixture = try StoreFixture()
        try fixture.importProducts([.fixture("A"), .fixture("B")])
        _ = try await fixture.database.generationQueue.claimGenerationJobs(limit: 10)
        func run(_ sku: String, decisions: CopyDecisions = CopyDecisions()) async throws {
            try await fixture.database.generationQueue.completePipelineRun(
                try job(fixture, sku), outcome: outcome(sku, [(Self.en, .publish(copy(sku, Self.en, title: "Lamp"), handle: "lamp"))]),
                productHash: Product.fixture(sku).contentHash, target: "manual", decisions: decisions
            )
        }
        try await run("A")
        await #expect(throws: CopyDecisionsOutdated.self, "A holds 'lamp'") { try await run("B") }
        var decided = CopyDecisions()
        decided.give(HandleClaim(sku: SKU("B")!, locale: Self.en, handle: "lamp"), handle: "lamp-b")
        try await run("B", decisions: decided)
        let handles = try await fixture.database.read { db in try String.fetchAll(db, sql: "SELECT handle FROM generations ORDER BY sku") }
        #expect(handles == ["lamp", "lamp-b"])

        let request = ReviewRequest(locale: Self.en, reason: .lowConfidence, why: "0.5", scores: [:], copy: copy("A", Self.en, title: "Old"), suggestedEdits: [])
        try await fixture.database.generationQueue.completePipelineRun(try job(fixture, "A"), outcome: outcome("A", [(Self.en, .review(request))]), productHash: Product.fixture("A").contentHash, target: "manual")
        var newer = request
        newer.copy = copy("A", Self.en, title: "New")
        try await fixture.database.generationQueue.completePipelineRun(try job(fixture, "A"), outcome: outcome("A", [(Self.en, .review(newer))]), productHash: Product.fixture("A").contentHash, target: "manual")
        await #expect(try fixture.database.review.reviewItems().map(\.title) == ["New"])
        // The proposed copy is one generation per product version and generator: the newer
        // proposal replaces the older one, whose review item is kept as superseded.
        await #expect(try fixture.database.review.reviewItems(state: "superseded").count == 1)
    }

    @Test func ledgerDaysAreUTCCalendarDays() {
        #expect(CatalogDatabase.utcDay(0) == "1970-01-01")
        #expect(CatalogDatabase.utcDay(1_800_000_000) == "2027-01-15")
        #expect(CatalogDatabase.utcDay(951_868_799) == "2000-02-29", "a leap day, one second before midnight UTC")
    }

    @Test func promotionAndRollbackMoveTheActiveGenerator() async throws {
        let fixture = try StoreFixture()
        let llm = (identity: Self.model, provider: "scripted", model: "m")
        let template = (identity: GeneratorIdentity(name: "template", version: "1"), provider: "template", model: "template")
        try await fixture.database.copyLedger.registerGenerators([llm, template])
        await #expect(try fixture.database.copyLedger.activeGenerator() == Self.model)
        try await fixture.database.copyLedger.promoteGenerator(template.identity)
        await #expect(try fixture.database.copyLedger.activeGenerator() == template.identity)
        await #expect(try fixture.database.copyLedger.generators().map(\.state) == ["active", "retired"])
        await #expect(try fixture.database.copyLedger.rollbackGenerator() == Self.model)
        await #expect(try fixture.database.copyLedger.activeGenerator() == Self.model)
        await #expect(throws: CatalogError.self) { try await fixture.database.copyLedger.promoteGenerator(GeneratorIdentity(name: "nope", version: "9")) }
        try await fixture.database.copyLedger.registerGenerators([llm, template])
        await #expect(try fixture.database.copyLedger.activeGenerator() == Self.model, "registering again keeps the states")
    }
}
