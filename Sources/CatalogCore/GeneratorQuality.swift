/// One generator's quality over two consecutive weeks: the evaluator's mean confidence and
/// the share of its review items people approved.
public struct GeneratorQuality: Hashable, Sendable, Codable {
    public struct Week: Hashable, Sendable, Codable {
        public let meanConfidence: Double?
        public let samples: Int
        public let approved: Int
        public let decided: Int

        public init(meanConfidence: Double?, samples: Int, approved: Int, decided: Int) {
            self.meanConfidence = meanConfidence
            self.samples = samples
            self.approved = approved
            self.decided = decided
        }

        public var approvalRate: Double? { decided > 0 ? Double(approved) / Double(decided) : nil }
    }

    public let generator: String
    public let thisWeek: Week
    public let lastWeek: Week

    public init(generator: String, thisWeek: Week, lastWeek: Week) {
        self.generator = generator
        self.thisWeek = thisWeek
        self.lastWeek = lastWeek
    }
}

