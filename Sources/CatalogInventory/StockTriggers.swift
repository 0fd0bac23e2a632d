public import CatalogCore

/// Which stock changes make copy stale. The defaults: going out of stock, coming back, and
/// dropping to the low-stock threshold or below ("only 3 left").
public struct StockTriggers: Hashable, Sendable {
    public var outOfStock = true
    public var backInStock = true
    /// A total at or below this (and above 0), coming from above it; nil: off.
    public var lowStock: Int64? = 3

    public init(outOfStock: Bool = true, backInStock: Bool = true, lowStock: Int64? = 3) {
        self.outOfStock = outOfStock
        self.backInStock = backInStock
        self.lowStock = lowStock
    }

    /// The reason to regenerate for each change that triggers, in order; others are ignored
    /// (the stock is recorded all the same).
    public func reasons(for changes: [StockChange]) -> [(sku: SKU, reason: String)] {
        changes.compactMap { change in
            switch change.kind {
            case .outOfStock where outOfStock: return (change.sku, "inventory:out-of-stock")
            case .backInStock where backInStock: return (change.sku, "inventory:back-in-stock")
            case .quantity:
                guard let lowStock, change.new > 0, change.new <= lowStock, (change.old ?? Int64.max) > lowStock else { return nil }
                return (change.sku, "inventory:low-stock")
            default: return nil
            }
        }
    }
}
