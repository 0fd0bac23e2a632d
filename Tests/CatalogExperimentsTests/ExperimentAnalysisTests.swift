import CatalogExperiments
import Foundation
import Testing

@Suite struct StatisticsTests {
    @Test func distributionsMatchTableValues() {
        #expect(abs(Statistics.normalCDF(1.96) - 0.9750021) < 1e-6)
        #expect(abs(Statistics.normalQuantile(0.975) - 1.959964) < 1e-5)
        #expect(abs(Statistics.normalQuantile(0.001) + 3.090232) < 1e-5)
        #expect(abs(Statistics.chiSquareTail(3.841459, degrees: 1) - 0.05) < 1e-6)
        #expect(abs(Statistics.chiSquareTail(9.210340, degrees: 2) - 0.01) < 1e-6)
        #expect(abs(Statistics.chiSquareTail(10.827566, degrees: 1) - 0.001) < 1e-7)
        #expect(abs(Statistics.chiSquareTail(2.0, degrees: 5) - 0.8491450) < 1e-6)
        let interval = Statistics.wilson(successes: 10, trials: 100)
        #expect(abs(interval.lowerBound - 0.05523) < 1e-4 && abs(interval.upperBound - 0.17437) < 1e-4)
    }

    @Test func chanceToBeBestFollowsTheEvidence() {
        let clear = Statistics.chanceToBeBest([(100, 10_000), (200, 10_000)])
        #expect(clear[1] > 0.999)
        let even = Statistics.chanceToBeBest([(150, 5_000), (150, 5_000)])
        #expect(abs(even[0] - 0.5) < 0.02)
        #expect(Statistics.chanceToBeBest([(150, 5_000), (150, 5_000)]) == even, "seeded: the same input gives the same report")
    }
}

/// Simulated experiments with known true conversion rates.
@Suite struct ExperimentAnalysisTests {
    /// Visitors split between arms as `shares`, each converting with its arm's true rate.
    static func simulate(rates: [String: Double], visitors: Int, shares: [String: Double]? = nil, seed: UInt64) -> [ArmTally] {
        var random = Seeded(state: seed)
        let names = rates.keys.sorted()
        let split = shares ?? Dictionary(uniqueKeysWithValues: names.map { ($0, 1.0 / Double(names.count)) })
        var tallies = Dictionary(uniqueKeysWithValues: names.map { ($0, ArmTally(variant: $0)) })
        for _ in 0..<visitors {
            var pick = random.uniform(), chosen = names.last!
            for name in names {
                pick -= split[name]!
                if pick < 0 { chosen = name; break }
            }
            tallies[chosen]!.views += 1
            if random.uniform() < rates[chosen]! {
                tallies[chosen]!.purchases += 1
                tallies[chosen]!.revenue += 49.9
            }
        }
        return names.map { tallies[$0]! }
    }

    @Test func aRealLiftWins() {
        let arms = Self.simulate(rates: ["A": 0.030, "B": 0.036], visitors: 80_000, seed: 7)
        let report = ExperimentAnalysis.analyse(control: "A", arms: arms)
        guard case .winner(let variant, let lift) = report.verdict else {
            Issue.record("expected B to win: \(report.verdict.summary)")
            return
        }
        #expect(variant == "B")
        #expect(lift > 0.05 && lift < 0.40, "the measured lift is near the true 20%")
        #expect(report.arms[1].interval.contains(0.036))
        #expect(report.sampleRatioPValue > 0.001)
        let bayesian = ExperimentAnalysis.analyse(control: "A", arms: arms, policy: { var p = ExperimentPolicy(); p.method = .bayesian; return p }())
        #expect(bayesian.verdict == .winner(variant: "B", lift: report.arms[1].lift!))
    }

    @Test func equalRatesRarelyDeclareAWinner() {
        var winners = 0
        for seed in 1...20 {
            let report = ExperimentAnalysis.analyse(control: "A", arms: Self.simulate(rates: ["A": 0.03, "B": 0.03], visitors: 40_000, seed: UInt64(seed)))
            if case .winner = report.verdict { winners += 1 }
        }
        #expect(winners <= 1, "the always-valid test keeps false winners below 5% (\(winners) of 20)")
    }

    @Test func tooFewConversionsGiveNoVerdict() {
        let report = ExperimentAnalysis.analyse(control: "A", arms: Self.simulate(rates: ["A": 0.01, "B": 0.05], visitors: 4_000, seed: 3))
        guard case .collecting(let why) = report.verdict else {
            Issue.record("a verdict on \(report.arms.map(\.conversions)) conversions: \(report.verdict.summary)")
            return
        }
        #expect(why.contains("of the 150 conversions"))
    }

    @Test func anInjectedSampleRatioMismatchBreaksTheTest() {
        // The assignment snippet sends 55% of visitors to B although the plan is 50/50.
        let arms = Self.simulate(rates: ["A": 0.03, "B": 0.036], visitors: 60_000, shares: ["A": 0.45, "B": 0.55], seed: 11)
        let report = ExperimentAnalysis.analyse(control: "A", arms: arms)
        guard case .sampleRatioMismatch(let p) = report.verdict else {
            Issue.record("the mismatch went unnoticed: \(report.verdict.summary)")
            return
        }
        #expect(p < 0.001)
        #expect(report.verdict.summary.hasPrefix("BROKEN"))
    }

    @Test func moreThanTwoVariantsAreCorrectedAndTinyLiftsAreDraws() {
        let three = ExperimentAnalysis.analyse(control: "A", arms: Self.simulate(rates: ["A": 0.030, "B": 0.030, "C": 0.037], visitors: 150_000, seed: 5))
        #expect(three.verdict == .winner(variant: "C", lift: three.arms[2].lift!))
        #expect(three.arms[1].pValue! >= three.arms[2].pValue!)

        // A significant but tiny lift: 0.2% relative on huge traffic.
        let tiny = [ArmTally(variant: "A", views: 50_000_000, purchases: 1_500_000), ArmTally(variant: "B", views: 50_000_000, purchases: 1_503_000)]
        let report = ExperimentAnalysis.analyse(control: "A", arms: tiny)
        guard case .draw(let why) = report.verdict else {
            Issue.record("expected a draw: \(report.verdict.summary)")
            return
        }
        #expect(why.contains("within ±0.5%"), "\(why)")
    }

    struct Seeded {
        var state: UInt64
        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }
}
