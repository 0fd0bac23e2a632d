import Foundation

/// The numerical pieces the experiment verdicts rest on, written out so they can be checked
/// against textbook values: the normal distribution, the regularised incomplete gamma function
/// (chi-square tails), Wilson intervals and Beta posteriors.
public enum Statistics {
    /// Standard normal cumulative distribution.
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The z with normalCDF(z) = p (Acklam's rational approximation, refined by one Newton
    /// step; error well below 1e-9 for p in (0, 1)).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let error = normalCDF(x) - p
        let density = exp(-x * x / 2) / (2 * Double.pi).squareRoot()
        return x - error / density
    }

    /// P(χ² with `degrees` degrees of freedom ≥ `value`).
    public static func chiSquareTail(_ value: Double, degrees: Int) -> Double {
        guard value > 0 else { return 1 }
        return upperRegularizedGamma(Double(degrees) / 2, value / 2)
    }

    /// Q(s, x) = Γ(s, x) / Γ(s): a series below s + 1, a continued fraction above (Numerical
    /// Recipes' split), to about 1e-14.
    static func upperRegularizedGamma(_ s: Double, _ x: Double) -> Double {
        let logPrefix = s * log(x) - x - lgamma(s)
        if x < s + 1 {
            var term = 1 / s, sum = term, n = s
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        var b = x + 1 - s, c = 1 / 1e-300, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - s)
            b += 2
            d = an * d + b
            if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c
            if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, exp(logPrefix) * h)
    }

    /// Wilson score interval for `successes` out of `trials` at `confidence`.
    public static func wilson(successes: Int, trials: Int, confidence: Double = 0.95) -> ClosedRange<Double> {
        guard trials > 0 else { return 0...1 }
        let z = normalQuantile(1 - (1 - confidence) / 2)
        let n = Double(trials), p = Double(successes) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return max(0, centre - half)...min(1, centre + half)
    }

    /// P(each arm has the highest rate) under Beta(1 + successes, 1 + failures) posteriors,
    /// estimated by `draws` seeded Monte Carlo draws (deterministic for a given input).
    public static func chanceToBeBest(_ arms: [(successes: Int, trials: Int)], draws: Int = 40_000, seed: UInt64 = 0x5eed) -> [Double] {
        var generator = SplitMix(state: seed)
        var wins = [Int](repeating: 0, count: arms.count)
        for _ in 0..<draws {
            var best = -1.0, bestIndex = 0
            for (index, arm) in arms.enumerated() {
                let sample = beta(Double(1 + arm.successes), Double(1 + max(0, arm.trials - arm.successes)), &generator)
                if sample > best { best = sample; bestIndex = index }
            }
            wins[bestIndex] += 1
        }
        return wins.map { Double($0) / Double(draws) }
    }

    static func beta(_ a: Double, _ b: Double, _ generator: inout SplitMix) -> Double {
        let x = gamma(a, &generator), y = gamma(b, &generator)
        return x / (x + y)
    }

    /// Marsaglia and Tsang's method (shape ≥ 1, which Beta(1 + k, …) always is).
    static func gamma(_ shape: Double, _ generator: inout SplitMix) -> Double {
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = generator.normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = generator.uniform()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }
        mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
    }
}
