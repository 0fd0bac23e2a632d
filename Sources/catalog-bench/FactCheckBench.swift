import CatalogCore
import CatalogPipeline
import CatalogTestSupport
import Foundation

/// `catalog-bench fact-check [FILE]`: the fact check against the labelled set
/// (`Tests/Fixtures/fact-check/labelled.jsonl` by default): recall and precision overall, per
/// language and per kind of claim, beside issue 25's targets, and the rows it gets wrong.
enum FactCheckBench {
    static func run(path: String?) throws {
        let url = URL(fileURLWithPath: path ?? "Tests/Fixtures/fact-check/labelled.jsonl")
        let rows = try LabelledClaims.load(url)
        let checker = FactChecker(knownBrands: LabelledClaims.knownBrands)
        let start = ContinuousClock.now
        let result = LabelledClaims.measure(rows) { checker.check($0.text, language: $0.language, product: LabelledClaims.products[$0.product]!).hallucinated }
        let seconds = (ContinuousClock.now - start).seconds
        func line(_ name: String, _ tally: LabelledClaims.Tally) -> String {
            String(format: "  %-16@ %5d rows   recall %.3f   precision %.3f", name as NSString, tally.rows, tally.recall, tally.precision)
        }
        print("catalog-bench fact-check: \(rows.count) labelled outputs from \(url.lastPathComponent), \(String(format: "%.2f", seconds * 1000)) ms   targets: recall >= 0.95 at precision >= 0.90, overall and per language")
        print(line("overall", result.overall))
        for (language, tally) in result.languages.sorted(by: { $0.key < $1.key }) { print(line(language, tally)) }
        print("  by kind (invented claims: recall; grounded paraphrases and decoys: false alarms)")
        for (kind, tally) in result.kinds.sorted(by: { $0.key < $1.key }) {
            print(tally.truePositives + tally.falseNegatives > 0
                ? String(format: "  %-16@ %5d rows   recall %.3f", kind as NSString, tally.rows, tally.recall)
                : String(format: "  %-16@ %5d rows   false alarms %d", kind as NSString, tally.rows, tally.falsePositives))
        }
        for row in result.wrong.prefix(ProcessInfo.processInfo.environment["CATALOG_BENCH_WRONG"].flatMap(Int.init) ?? 10) {
            // A false alarm says which claim the checker could not ground.
            let why = row.invented ? "" : "   (ungrounded: " + checker.check(row.text, language: row.language, product: LabelledClaims.products[row.product]!).ungrounded.map { "\($0.kind.rawValue) \"\($0.phrase)\"" }.joined(separator: ", ") + ")"
            print("  \(row.invented ? "missed" : "false alarm") [\(row.language) \(row.product) \(row.kind)]: \(row.text)\(why)")
        }
        Figures.record("fact-check", "recall, \(rows.count) labelled outputs", result.overall.recall, unit: "", atLeast: 0.95)
        Figures.record("fact-check", "precision, \(rows.count) labelled outputs", result.overall.precision, unit: "", atLeast: 0.90)
    }
}
