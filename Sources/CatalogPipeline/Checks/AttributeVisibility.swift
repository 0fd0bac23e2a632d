public import CatalogCore

/// Which of a product's attributes copy may use. Internal ones (supplier data, costs, notes)
/// are never rendered and never sent to a model; volatile ones (stock, prices) would make
/// copy wrong the day they change, and the availability sentence already speaks for stock;
/// technical ones (links, images, a feed's target country) are plumbing, not product facts.
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

    /// Feed and PIM plumbing: links, media, feed targeting. True, but not something a shopper reads.
    public static let defaultTechnical = [
        "url", "url_*", "*_url", "link", "*_link", "*_links", "image", "images", "image_*", "*_image", "*_images", "*_image_link", "*_image_links",
        "picture", "media", "media_*", "content_language", "target_country", "channel", "feed_label", "item_group_id", "offer_id",
        "custom_label_*", "*_destinations", "expiration_date", "ads_redirect", "google_product_category", "shopping_ads_excluded_countries",
    ]

    /// The default lists plus `codes` (the configuration's `[schema] internal`).
    public var withheld: [String]

    public init(internal codes: [String] = []) {
        withheld = Self.defaultInternal + Self.defaultVolatile + Self.defaultTechnical + codes.map { $0.lowercased() }
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
