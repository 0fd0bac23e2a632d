public import CatalogCore

/// Which of a product's attributes copy may use. Internal ones (supplier data, costs, notes)
/// are never rendered and never sent to a model; volatile ones (stock, prices) would make
/// copy wrong the day they change, and the availability sentence already speaks for stock.
/// Patterns are attribute codes, with `*` at the start or end for a prefix or suffix.
public struct AttributeVisibility: Hashable, Sendable {
    public static let defaultInternal = [
        "supplier", "supplier_*", "*_supplier", "cost", "cost_*", "*_cost", "internal_*", "*_internal",
        "note", "notes", "comment", "comments", "remarks",
        "purchase_*", "margin", "margin_*", "buyer", "buyer_*",
    ]
    public static let defaultVolatile = [
        "price", "price_*", "*_price", "stock", "stock_*", "*_stock", "qty", "quantity", "inventory", "inventory_*", "availability",
    ]

    /// The default lists plus `codes` (the configuration's `[schema] internal`).
    public var withheld: [String]

    public init(internal codes: [String] = []) {
        withheld = Self.defaultInternal + Self.defaultVolatile + codes.map { $0.lowercased() }
    }

    public func isCustomerFacing(_ code: String) -> Bool {
        let code = code.lowercased()
        return !withheld.contains { pattern in
            if pattern.hasPrefix("*") { return code.hasSuffix(pattern.dropFirst()) }
            if pattern.hasSuffix("*") { return code.hasPrefix(pattern.dropLast()) }
            return code == pattern
        }
    }

    /// `product` with only its customer-facing attributes, and the codes left out.
    public func customerFacing(_ product: Product) -> (product: Product, withheld: [String]) {
        var visible = product
        let hidden = product.attributes.keys.filter { !isCustomerFacing($0) }.sorted()
        for code in hidden { visible.attributes[code] = nil }
        return (visible, hidden)
    }
}
