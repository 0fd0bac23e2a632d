public import CatalogCore
public import Foundation
import GRDB

extension CatalogDatabase {
    /// The evaluator's last confidence per locale that ended publishable or in review, by the
    /// generator of that locale's copy.
    static func recordQuality(_ db: Database, _ outcome: PipelineOutcome, at now: Double) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO quality_samples (at, generator, locale, confidence) VALUES (?, ?, ?, ?)")
        for entry in outcome.results {
            let copy: GeneratedCopy
            switch entry.result {
            case .publish(let published, _): copy = published
            case .review(let request): copy = request.copy
            default: continue
            }
            let locale: LocaleCode = entry.locale
            let evaluation = outcome.trace.steps.last { (step: PipelineStep) -> Bool in
                step.agent == "evaluator" && step.action == "evaluate" && step.locale == locale.identifier
            }
            guard let text = evaluation?.detail["confidence"], let confidence = Double(text) else { continue }
            try insert.execute(arguments: [now, copy.generator.description, entry.locale.identifier, confidence])
        }
    }

    /// Every generator with samples or review decisions in the last two weeks.
    public func generatorQuality() throws -> [GeneratorQuality] {
        try read { db in
            let now = nowSeconds
            let days7 = 7 * 86_400.0
            func scores(_ from: Double, _ to: Double) throws -> [String: (Double, Int)] {
                var result: [String: (Double, Int)] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT generator, AVG(confidence) AS mean, COUNT(*) AS n FROM quality_samples WHERE at > ? AND at <= ? GROUP BY generator
                    """, arguments: [from, to]) {
                    result[row["generator"]] = (row["mean"], row["n"])
                }
                return result
            }
            func decisions(_ from: Double, _ to: Double) throws -> [String: (Int, Int)] {
                var result: [String: (Int, Int)] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT g.generator || '@' || g.generator_version AS generator,
                           SUM(r.state = 'approved') AS approved, COUNT(*) AS decided
                    FROM review_queue r JOIN generations g ON g.id = COALESCE(r.proposed_generation_id, r.generation_id)
                    WHERE r.state IN ('approved', 'rejected') AND r.decided_at > ? AND r.decided_at <= ?
                    GROUP BY 1
                    """, arguments: [from, to]) {
                    result[row["generator"]] = (row["approved"], row["decided"])
                }
                return result
            }
            let thisScores = try scores(now - days7, now), lastScores = try scores(now - 2 * days7, now - days7)
            let thisDecisions = try decisions(now - days7, now), lastDecisions = try decisions(now - 2 * days7, now - days7)
            let generators = Set(thisScores.keys).union(lastScores.keys).union(thisDecisions.keys).union(lastDecisions.keys)
            func week(_ scores: [String: (Double, Int)], _ decisions: [String: (Int, Int)], _ generator: String) -> GeneratorQuality.Week {
                GeneratorQuality.Week(
                    meanConfidence: scores[generator]?.0, samples: scores[generator]?.1 ?? 0,
                    approved: decisions[generator]?.0 ?? 0, decided: decisions[generator]?.1 ?? 0
                )
            }
            return generators.sorted().map {
                GeneratorQuality(generator: $0, thisWeek: week(thisScores, thisDecisions, $0), lastWeek: week(lastScores, lastDecisions, $0))
            }
        }
    }
}
