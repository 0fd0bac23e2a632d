import Foundation

/// What one variant of an experiment collected.
public struct ArmTally: Hashable, Sendable, Codable {
    public let variant: String
    public var views: Int
    public var addToCarts: Int
    public var purchases: Int
    public var revenue: Double

    public init(variant: String, views: Int = 0, addToCarts: Int = 0, purchases: Int = 0, revenue: Double = 0) {
        self.variant = variant
        self.views = views
        self.addToCarts = addToCarts
        self.purchases = purchases
        self.revenue = revenue
    }
}

/// The rules a verdict must pass. The defaults are the issue's: 150 conversions per variant
/// before any verdict, a sample-ratio mismatch at p < 0.001 breaks the test, lifts below 0.5%
/// are a draw, 5% error rate with Holm's correction beyond two variants.
public struct ExperimentPolicy: Hashable, Sendable, Codable {
    public enum Method: String, Hashable, Sendable, Codable, CaseIterable {
        /// Always-valid p-values (mixture SPRT): the report may be read every day without
        /// inflating the error rate.
        case sequential
        /// Chance to be best under Beta posteriors, with the same guards.
        case bayesian
    }

    public var method: Method = .sequential
    public var minimumConversions = 150
    public var alpha = 0.05
    public var chanceToWin = 0.95
    /// A relative lift smaller than this is a draw.
    public var minimumLift = 0.005
    public var sampleRatioThreshold = 0.001
    /// The mixing prior's spread, relative to the control's rate: the size of lift the test
    /// is tuned to find (10%).
    public var expectedRelativeLift = 0.1

    public init() {}
}

public struct ArmReport: Hashable, Sendable, Codable {
    public let variant: String
    public let views: Int
    public let conversions: Int
    public let revenue: Double
    public let rate: Double
    public let interval: ClosedRange<Double>
    /// Relative to the control; nil for the control itself.
    public let lift: Double?
    /// The lift's 95% interval (normal approximation), nil for the control.
    public let liftInterval: ClosedRange<Double>?
    /// Always-valid p-value against the control, Holm-adjusted; nil for the control.
    public let pValue: Double?
    public let chanceToBeBest: Double
}

public enum Verdict: Hashable, Sendable, Codable {
    case sampleRatioMismatch(pValue: Double)
    case collecting(String)
    case keepRunning(String)
    case draw(String)
    case winner(variant: String, lift: Double)

    public var summary: String {
        switch self {
        case .sampleRatioMismatch(let p): String(format: "BROKEN: sample ratio mismatch (chi-square p = %.2g < 0.001); check the assignment snippet before trusting any number", p)
        case .collecting(let why): "collecting: \(why)"
        case .keepRunning(let why): "keep running: \(why)"
        case .draw(let why): "draw: \(why)"
        case .winner(let variant, let lift): String(format: "winner: %@ (%+.1f%% conversion rate)", variant, lift * 100)
        }
    }
}

public struct ExperimentReport: Hashable, Sendable, Codable {
    public let control: String
    public let method: ExperimentPolicy.Method
    public let arms: [ArmReport]
    public let sampleRatioPValue: Double
    public let verdict: Verdict
}

public enum ExperimentAnalysis {
    /// Conversions are purchases over views. `shares`: the planned split (equal when nil).
    public static func analyse(control: String, arms tallies: [ArmTally], shares: [Double]? = nil, policy: ExperimentPolicy = ExperimentPolicy()) -> ExperimentReport {
        precondition(tallies.count >= 2 && tallies.contains { $0.variant == control })
        let ordered = tallies.sorted { ($0.variant == control ? 0 : 1, $0.variant) < ($1.variant == control ? 0 : 1, $1.variant) }
        let base = ordered[0]
        let rate = { (arm: ArmTally) in arm.views > 0 ? Double(arm.purchases) / Double(arm.views) : 0 }

        // Sample ratio: are the views split as planned?
        let planned = shares ?? Array(repeating: 1.0 / Double(ordered.count), count: ordered.count)
        let totalViews = Double(ordered.reduce(0) { $0 + $1.views })
        let chiSquare = zip(ordered, planned).reduce(0.0) { sum, pair in
            let expected = totalViews * pair.1
            return expected > 0 ? sum + pow(Double(pair.0.views) - expected, 2) / expected : sum
        }
        let ratioP = Statistics.chiSquareTail(chiSquare, degrees: ordered.count - 1)

        // Always-valid p-values (normal-approximation mSPRT), Holm-adjusted.
        let p0 = rate(base)
        let tau = max(p0, 1e-6) * policy.expectedRelativeLift
        var raw: [Double] = []
        var liftIntervals: [ClosedRange<Double>?] = []
        let z = Statistics.normalQuantile(0.975)
        for arm in ordered.dropFirst() {
            let p1 = rate(arm)
            let variance = p0 * (1 - p0) / Double(max(base.views, 1)) + p1 * (1 - p1) / Double(max(arm.views, 1))
            liftIntervals.append(p0 > 0 ? ((p1 - p0) - z * variance.squareRoot()) / p0...((p1 - p0) + z * variance.squareRoot()) / p0 : nil)
            guard variance > 0 else { raw.append(1); continue }
            let difference = p1 - p0
            let logLambda = 0.5 * log(variance / (variance + tau * tau)) + difference * difference * tau * tau / (2 * variance * (variance + tau * tau))
            raw.append(min(1, exp(-logLambda)))
        }
        let adjusted = holm(raw)
        let chances = Statistics.chanceToBeBest(ordered.map { ($0.purchases, $0.views) })

        let reports = ordered.enumerated().map { index, arm in
            ArmReport(
                variant: arm.variant, views: arm.views, conversions: arm.purchases, revenue: arm.revenue, rate: rate(arm),
                interval: Statistics.wilson(successes: arm.purchases, trials: arm.views),
                lift: index == 0 ? nil : (p0 > 0 ? rate(arm) / p0 - 1 : nil), liftInterval: index == 0 ? nil : liftIntervals[index - 1],
                pValue: index == 0 ? nil : adjusted[index - 1], chanceToBeBest: chances[index]
            )
        }
        let verdict = decide(reports, ratioP: ratioP, policy: policy)
        return ExperimentReport(control: control, method: policy.method, arms: reports, sampleRatioPValue: ratioP, verdict: verdict)
    }

    static func decide(_ arms: [ArmReport], ratioP: Double, policy: ExperimentPolicy) -> Verdict {
        if ratioP < policy.sampleRatioThreshold { return .sampleRatioMismatch(pValue: ratioP) }
        if let short = arms.first(where: { $0.conversions < policy.minimumConversions }) {
            return .collecting("\(short.variant) has \(short.conversions) of the \(policy.minimumConversions) conversions needed before any verdict")
        }
        let control = arms[0]
        let challengers = arms.dropFirst()
        // Which arm leads by the method's evidence, if any.
        var leader: ArmReport?
        switch policy.method {
        case .sequential:
            let significant = challengers.filter { ($0.pValue ?? 1) < policy.alpha }
            if let best = significant.max(by: { ($0.lift ?? 0) < ($1.lift ?? 0) }), (best.lift ?? 0) > 0 {
                leader = best
            } else if !significant.isEmpty, significant.allSatisfy({ ($0.lift ?? 0) < 0 }), significant.count == challengers.count {
                leader = control
            } else if significant.isEmpty {
                // Enough data to say the variants hardly differ: every lift's interval lies
                // inside ±minimumLift.
                if challengers.allSatisfy({ $0.liftInterval.map { -policy.minimumLift < $0.lowerBound && $0.upperBound < policy.minimumLift } ?? false }) {
                    return .draw(String(format: "every lift lies within ±%.1f%% (95%% interval), below what matters", policy.minimumLift * 100))
                }
                return .keepRunning(String(format: "no variant differs from %@ yet (smallest adjusted p = %.3f)", control.variant, challengers.compactMap(\.pValue).min() ?? 1))
            }
        case .bayesian:
            if let best = arms.first(where: { $0.chanceToBeBest >= policy.chanceToWin }) {
                leader = best
            } else {
                return .keepRunning(String(format: "no variant has a %.0f%% chance to be best yet (best %.1f%%)", policy.chanceToWin * 100, (arms.map(\.chanceToBeBest).max() ?? 0) * 100))
            }
        }
        guard let leader else { return .keepRunning("mixed evidence") }
        let lift = leader.variant == control.variant
            ? -(challengers.compactMap(\.lift).max() ?? 0)
            : leader.lift ?? 0
        if abs(lift) < policy.minimumLift {
            return .draw(String(format: "the difference (%+.2f%%) is below the %.1f%% that matters", lift * 100, policy.minimumLift * 100))
        }
        return .winner(variant: leader.variant, lift: lift)
    }

    /// Holm–Bonferroni step-down adjustment, in the input's order.
    static func holm(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: pValues.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(pValues.count - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
