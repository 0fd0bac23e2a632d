public import Foundation

/// One line of an inventory feed: a SKU's quantity at one location.
public struct StockLevel: Hashable, Sendable {
    public let sku: SKU
    public let location: String
    public let quantity: Int64
    public let updatedAt: Date?

    public init(sku: SKU, location: String = "", quantity: Int64, updatedAt: Date? = nil) {
        self.sku = sku
        self.location = location
        self.quantity = quantity
        self.updatedAt = updatedAt
    }
}

/// A SKU whose total stock changed between two polls. `old` is nil the first time a SKU is seen.
public struct StockChange: Hashable, Sendable {
    public let sku: SKU
    public let old: Int64?
    public let new: Int64

    public init(sku: SKU, old: Int64?, new: Int64) {
        self.sku = sku
        self.old = old
        self.new = new
    }

    /// What the change means for copy: the triggers key on these.
    public enum Kind: String, Hashable, Sendable {
        case outOfStock = "out-of-stock"
        case backInStock = "back-in-stock"
        case quantity
    }

    public var kind: Kind {
        if new <= 0, (old ?? 1) > 0 { return .outOfStock }
        if new > 0, (old ?? 0) <= 0, old != nil { return .backInStock }
        return .quantity
    }
}
