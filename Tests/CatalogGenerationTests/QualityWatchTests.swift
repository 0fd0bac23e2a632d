import CatalogCore
@testable import CatalogConfiguration
@testable import CatalogGeneration
import CatalogExperiments
import CatalogStore
import CatalogTestSupport
import Foundation
import Logging
import Testing

/// Generator quality week over week: the rule, the store's figures, and the watch that alerts
/// and rolls back.
@Suite struct QualityWatchTests {
    let directory = TemporaryDirectory()

    @Test func theRuleNeedsEnoughSamplesAndARealDrop() {
        let rule = QualityDrift()
        func quality(_ last: Double, _ now: Double, samples: Int = 50, approvals: (Int, Int, Int, Int) = (0, 0, 0, 0)) -> GeneratorQuality {
            GeneratorQuality(
                generator: "g@1",
                thisWeek: .init(meanConfidence: now, samples: samples, approved: approvals.2, decided: approvals.3),
                lastWeek: .init(meanConfidence: last, samples: samples, approved: approvals.0, decided: approvals.1)
            )
        }
        #expect(rule.findings([quality(0.90, 0.86)]).map(\.measure) == ["evaluator confidence"], "a 4.4% drop")
        #expect(rule.findings([quality(0.90, 0.88)]).isEmpty, "a 2.2% drop is noise")
        #expect(rule.findings([quality(0.90, 0.50, samples: 10)]).isEmpty, "too few samples say nothing")
        #expect(rule.findings([quality(0.9, 0.9, approvals: (40, 50, 30, 50))]).map(\.measure) == ["review approval rate"])
    }

    /// Runs with evaluator confidences for one generator, `daysAgo` days back.
    func record(_ database: CatalogDatabase, clock: FixedClock, generator: GeneratorIdentity, confidences: [Double]) async throws {
        for (index, confidence) in confidences.enumerated() {
            let sku = SKU("Q-\(UUID().uuidString.prefix(8))-\(index)")!
            _ = try await database.generationQueue.requestRegeneration([sku], priority: .manual, reason: "test")
            let job = try await #require(try await database.generationQueue.claimGenerationJobs(limit: 1).first)
            var trace = PipelineTrace()
            trace.record(PipelineStep(agent: "evaluator", locale: LocaleCode("en"), action: "evaluate", outcome: "pass", detail: ["confidence": String(format: "%.2f", confidence)]))
            let copy = GeneratedCopy(sku: sku, locale: LocaleCode("en")!, title: "t", bodyHTML: "<p>b</p>", metaTitle: "m", metaDescription: "d", generator: generator)
            let outcome = PipelineOutcome(sku: sku, results: [(LocaleCode("en")!, .publish(copy, handle: "h-\(sku)"))], incidents: [], trace: trace, route: generator.description)
            try await database.generationQueue.completePipelineRun(job, outcome: outcome, productHash: ContentHash(of: Data(sku.rawValue.utf8)), target: "manual")
        }
    }

    @Test func aDriftingActiveGeneratorIsRolledBack() async throws {
        let clock = FixedClock()
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite").path, clock: clock)
        let old = GeneratorIdentity(name: "template", version: "1"), new = GeneratorIdentity(name: "llm:fake/m", version: "2")
        try await database.copyLedger.registerGenerators([(old, "template", "template"), (new, "fake", "m")])
        try await database.copyLedger.promoteGenerator(new)
        try await record(database, clock: clock, generator: new, confidences: Array(repeating: 0.90, count: 40))
        clock.advance(by: 8 * 86_400)
        try await record(database, clock: clock, generator: new, confidences: Array(repeating: 0.80, count: 40))

        let quality = try await #require(try database.copyLedger.generatorQuality().first { $0.generator == new.description })
        #expect(quality.lastWeek.samples == 40 && abs(quality.lastWeek.meanConfidence! - 0.90) < 1e-9)
        #expect(quality.thisWeek.samples == 40 && abs(quality.thisWeek.meanConfidence! - 0.80) < 1e-9)

        var settings = Configuration.Quality()
        settings.rollback = true
        let watch = QualityWatch(database: database, settings: settings, logger: Logger(label: "test"))
        let findings = await watch.checkOnce()
        #expect(findings.map(\.generator) == [new.description])
        await #expect(try database.copyLedger.activeGenerator() == old, "rolled back to the generator before")
        await #expect(try database.auditEvents(limit: 3).contains { $0.action == "generator-rollback" && $0.actor == "catalogd" })
    }
}
