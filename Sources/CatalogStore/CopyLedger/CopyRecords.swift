public import CatalogCore
import Foundation

/// Spending in the cost ledger for the current UTC day and month.
public struct CostTotals: Hashable, Sendable {
    public var today: Double
    public var month: Double
}

/// One row of `catalogctl costs`.
public struct CostLine: Hashable, Sendable, Codable {
    public let key: String
    public let calls: Int
    public let inputTokens: Int
    public let outputTokens: Int
    public let costUSD: Double
}

/// A recorded pipeline run with its steps, for `catalogctl products show SKU --trace`.
public struct RecordedRun: Hashable, Sendable, Codable {
    public let id: Int64
    public let at: Double
    public let route: String
    public let summary: String
    public let costUSD: Double
    public let steps: [PipelineStep]
}
