public import Foundation

/// One line of an inventory feed: a SKU's quantity at one location, and whether the feed marks
/// the SKU discontinued.
public struct StockLevel: Hashable, Sendable {
    public let sku: SKU
    public let location: String
    public let quantity: Int64
    public let updatedAt: Date?
    public let discontinued: Bool

    public init(sku: SKU, location: String = "", quantity: Int64, updatedAt: Date? = nil, discontinued: Bool = false) {
        self.sku = sku
        self.location = location
        self.quantity = quantity
        self.updatedAt = updatedAt
        self.discontinued = discontinued
    }
}

/// A SKU whose total stock (or discontinued mark) changed between two polls. `old` is nil the
/// first time a SKU is seen.
public struct StockChange: Hashable, Sendable {
    public let sku: SKU
    public let old: Int64?
    public let new: Int64
    public let wasDiscontinued: Bool
    public let discontinued: Bool

    public init(sku: SKU, old: Int64?, new: Int64, wasDiscontinued: Bool = false, discontinued: Bool = false) {
        self.sku = sku
        self.old = old
        self.new = new
        self.wasDiscontinued = wasDiscontinued
        self.discontinued = discontinued
    }

    /// What the change means for copy: the triggers key on these.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case discontinued
        case outOfStock = "out-of-stock"
        case backInStock = "back-in-stock"
        case quantity
    }

    public var kind: Kind {
        if discontinued, !wasDiscontinued { return .discontinued }
        if new <= 0, (old ?? 1) > 0 { return .outOfStock }
        if new > 0, (old ?? 0) <= 0, old != nil { return .backInStock }
        return .quantity
    }
}

/// What the feeds say about a SKU now, as stored.
public struct StockState: Hashable, Sendable {
    public let quantity: Int64
    public let discontinued: Bool
    /// When the total last rose from zero or less, if it ever did.
    public let restockedAt: Date?

    public init(quantity: Int64, discontinued: Bool = false, restockedAt: Date? = nil) {
        self.quantity = quantity
        self.discontinued = discontinued
        self.restockedAt = restockedAt
    }
}

/// What the copy tells shoppers about stock: one sentence, written by catalogd from the feeds
/// (never by a model), or nothing when the SKU is simply in stock.
public enum Availability: Hashable, Sendable {
    case discontinued
    case outOfStock
    case lowStock(Int64)
    case backInStock

    /// A stable key for traces and hashes: `low-stock:3`.
    public var key: String {
        switch self {
        case .discontinued: "discontinued"
        case .outOfStock: "out-of-stock"
        case .lowStock(let units): "low-stock:\(units)"
        case .backInStock: "back-in-stock"
        }
    }
}

/// Rewrites copy for a SKU's current stock (the availability sentence); the store applies it
/// inside the transaction that queues the copy, so copy generated before a stock change and
/// queued after it still tells the latest state.
public typealias AvailabilityStamp = @Sendable (StockState?, GeneratedCopy) -> GeneratedCopy
