/// One day of one SKU's traffic for one copy variant, as an analytics export reports it.
public struct ConversionRow: Hashable, Sendable, Codable {
    /// `YYYY-MM-DD`.
    public let day: String
    public let sku: String
    /// The variant label the storefront snippet reported (`A`, `B`).
    public let variant: String
    public var views: Int
    public var addToCarts: Int
    public var purchases: Int
    public var revenue: Double

    public init(day: String, sku: String, variant: String, views: Int, addToCarts: Int, purchases: Int, revenue: Double) {
        self.day = day
        self.sku = sku
        self.variant = variant
        self.views = views
        self.addToCarts = addToCarts
        self.purchases = purchases
        self.revenue = revenue
    }
}

/// An experiment: the SKUs whose copy is split between two generators.
public struct Experiment: Hashable, Sendable, Codable {
    public let id: Int64
    public let name: String
    /// Variant A (the control) and variant B, each a generator version.
    public let variantA: GeneratorIdentity
    public let variantB: GeneratorIdentity
    public let state: String
    public let winner: String?
    public let skus: [String]
    public let createdBy: String
    public let createdAt: Double
    public let stoppedAt: Double?

    public init(id: Int64, name: String, variantA: GeneratorIdentity, variantB: GeneratorIdentity, state: String, winner: String?, skus: [String], createdBy: String, createdAt: Double, stoppedAt: Double?) {
        self.id = id
        self.name = name
        self.variantA = variantA
        self.variantB = variantB
        self.state = state
        self.winner = winner
        self.skus = skus
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.stoppedAt = stoppedAt
    }
}

/// The two generators a SKU's running experiment compares.
public struct ExperimentVariants: Hashable, Sendable {
    public let a: GeneratorIdentity
    public let b: GeneratorIdentity

    public init(a: GeneratorIdentity, b: GeneratorIdentity) {
        self.a = a
        self.b = b
    }
}

extension GeneratorIdentity {
    /// `template@1`, as the CLI takes it.
    public init?(label: String) {
        let parts = label.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(name: String(parts[0]), version: String(parts[1]))
    }
}
