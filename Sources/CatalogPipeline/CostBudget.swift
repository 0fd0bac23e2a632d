/// What copy may cost: per SKU (a target and a hard cap) and per day and month, with an alert
/// when spending crosses a share of a period's budget.
public struct CostBudget: Hashable, Sendable {
    public var perSKUTarget: Double
    public var perSKUCap: Double
    public var daily: Double?
    public var monthly: Double?
    public var alertShare: Double

    public init(perSKUTarget: Double = 0.05, perSKUCap: Double = 0.10, daily: Double? = nil, monthly: Double? = nil, alertShare: Double = 0.8) {
        self.perSKUTarget = perSKUTarget
        self.perSKUCap = perSKUCap
        self.daily = daily
        self.monthly = monthly
        self.alertShare = alertShare
    }

    /// Spending so far in the current day and month (UTC), from the cost ledger.
    public struct Spend: Hashable, Sendable {
        public var today: Double
        public var month: Double

        public init(today: Double = 0, month: Double = 0) {
            self.today = today
            self.month = month
        }
    }

    /// How much more may be spent now on one SKU.
    public func allowance(after spend: Spend) -> Double {
        var allowance = perSKUCap
        if let daily { allowance = min(allowance, daily - spend.today) }
        if let monthly { allowance = min(allowance, monthly - spend.month) }
        return max(0, allowance)
    }

    /// The periods whose alert threshold `spend` has reached, for the 80% alert.
    public func alerts(for spend: Spend) -> [String] {
        var periods: [String] = []
        if let daily, spend.today >= daily * alertShare { periods.append("daily") }
        if let monthly, spend.month >= monthly * alertShare { periods.append("monthly") }
        return periods
    }
}
