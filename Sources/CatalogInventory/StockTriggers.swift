public import CatalogCore
public import Foundation

/// Which stock changes make copy stale, and what each does about it. The defaults: going out
/// of stock, coming back, dropping to the low-stock threshold ("only 3 left") and being
/// discontinued each rewrite the copy's availability sentence at inventory priority.
public struct StockTriggers: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable {
        /// Rewrite only the availability sentence of the copy last queued for the shop (no
        /// model call); a SKU with no copy yet is generated in full.
        case availability
        /// Run the whole pipeline again (the new copy carries the sentence too).
        case regenerate
        /// Record the stock, change no copy.
        case record
    }

    public struct Rule: Hashable, Sendable {
        public var action: Action
        public var priority: JobPriority

        public init(action: Action = .availability, priority: JobPriority = .inventory) {
            self.action = action
            self.priority = priority
        }
    }

    public var outOfStock = Rule()
    public var backInStock = Rule()
    public var lowStock = Rule()
    public var discontinued = Rule()
    /// A total at or below this (and above 0), coming from above it; nil: no low-stock trigger
    /// and no "only N left".
    public var lowStockAt: Int64? = 3
    /// How long after a restock the copy says "back in stock".
    public var backInStockFor: Double = 14 * 86_400

    public init() {}

    /// What a triggering change asks for.
    public struct Firing: Hashable, Sendable {
        public let sku: SKU
        public let reason: String
        public let rule: Rule
    }

    /// The firing rule for each change that triggers, in order; others are ignored (the stock
    /// is recorded all the same).
    public func firings(for changes: [StockChange]) -> [Firing] {
        changes.compactMap { change in
            guard let (reason, rule) = fired(by: change), rule.action != .record else { return nil }
            return Firing(sku: change.sku, reason: reason, rule: rule)
        }
    }

    private func fired(by change: StockChange) -> (String, Rule)? {
        switch change.kind {
        case .discontinued: return ("inventory:discontinued", discontinued)
        case .outOfStock: return ("inventory:out-of-stock", outOfStock)
        case .backInStock: return ("inventory:back-in-stock", backInStock)
        case .quantity:
            // A SKU back on sale says so no longer.
            if change.wasDiscontinued, !change.discontinued { return ("inventory:reinstated", discontinued) }
            guard let lowStockAt, change.new > 0 else { return nil }
            // "Only 3 left" becomes "only 2 left", and goes away on a restock above the threshold.
            if change.new <= lowStockAt { return ("inventory:low-stock", lowStock) }
            if let old = change.old, old > 0, old <= lowStockAt { return ("inventory:restocked", lowStock) }
            return nil
        }
    }

    /// The sentence the copy should carry for a SKU's stock now; nil: say nothing (in stock, or
    /// no feed lists the SKU).
    public func availability(for state: StockState?, now: Date) -> Availability? {
        guard let state else { return nil }
        if state.discontinued { return .discontinued }
        if state.quantity <= 0 { return .outOfStock }
        if let lowStockAt, state.quantity <= lowStockAt { return .lowStock(state.quantity) }
        if let restocked = state.restockedAt, now.timeIntervalSince(restocked) < backInStockFor { return .backInStock }
        return nil
    }
}
