public import Foundation

/// One product a shop reports as changed or deleted since the last poll.
public struct ShopProductChange: Hashable, Sendable {
    /// The shop's id for the product (a Shopify GID; the SKU for Magento).
    public let productRef: String
    /// The SKUs on the product; empty for a deletion (the ref is all the shop still knows).
    public let skus: [SKU]
    public let at: Date
    public let deleted: Bool
    /// The primary-locale copy as the shop shows it now, when the poll reads it.
    public let primaryCopy: ShopCopy?

    public init(productRef: String, skus: [SKU], at: Date, deleted: Bool, primaryCopy: ShopCopy?) {
        self.productRef = productRef
        self.skus = skus
        self.at = at
        self.deleted = deleted
        self.primaryCopy = primaryCopy
    }
}

/// A target that can report the products changed in the shop since a cursor, so catalogd learns
/// about a person's edits and deletions before it pushes.
public protocol DriftPollingTarget: CommerceTarget {
    /// The changes since `cursor` (oldest first) and the cursor to pass next time. With no
    /// cursor the poll starts now: a first poll does not scan the whole shop.
    func changes(since cursor: String?, now: Date) async throws -> (changes: [ShopProductChange], cursor: String)
}
