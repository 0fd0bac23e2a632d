public import CatalogCore

/// The week-over-week rule for generator quality: a drop of more than `threshold` (3%,
/// relative) in the evaluator's mean confidence or in the review approval rate is drift. Weeks
/// with too few samples say nothing.
public struct QualityDrift: Hashable, Sendable {
    public var threshold = 0.03
    public var minimumSamples = 30
    public var minimumDecisions = 10

    public init(threshold: Double = 0.03) {
        self.threshold = threshold
    }

    public struct Finding: Hashable, Sendable, Codable {
        public let generator: String
        /// "evaluator confidence" or "review approval rate".
        public let measure: String
        public let lastWeek: Double
        public let thisWeek: Double

        public var drop: Double { lastWeek > 0 ? (lastWeek - thisWeek) / lastWeek : 0 }
        public var description: String {
            String(format: "%@: %@ fell %.1f%% week over week (%.3f → %.3f)", generator, measure, drop * 100, lastWeek, thisWeek)
        }
    }

    public func findings(_ quality: [GeneratorQuality]) -> [Finding] {
        quality.flatMap { generator -> [Finding] in
            var found: [Finding] = []
            if generator.thisWeek.samples >= minimumSamples, generator.lastWeek.samples >= minimumSamples,
               let now = generator.thisWeek.meanConfidence, let before = generator.lastWeek.meanConfidence, before > 0, (before - now) / before > threshold {
                found.append(Finding(generator: generator.generator, measure: "evaluator confidence", lastWeek: before, thisWeek: now))
            }
            if generator.thisWeek.decided >= minimumDecisions, generator.lastWeek.decided >= minimumDecisions,
               let now = generator.thisWeek.approvalRate, let before = generator.lastWeek.approvalRate, before > 0, (before - now) / before > threshold {
                found.append(Finding(generator: generator.generator, measure: "review approval rate", lastWeek: before, thisWeek: now))
            }
            return found
        }
    }
}
