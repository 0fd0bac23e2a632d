/// Where a generation job stands in the one queue: a person's request first, then stock
/// events, then PIM deltas, and bulk snapshots last. Outbox rows inherit their job's priority.
public enum JobPriority: Int, Sendable, Codable, CaseIterable, Comparable {
    case manual = 0
    case inventory = 1
    case pimDelta = 2
    case pimSnapshot = 3

    /// The name in configuration, `catalogctl jobs` and /metrics.
    public var name: String {
        switch self {
        case .manual: "manual"
        case .inventory: "inventory"
        case .pimDelta: "pim-delta"
        case .pimSnapshot: "pim-snapshot"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
