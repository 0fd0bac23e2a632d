public import CatalogCore
public import CatalogStore

/// Turns the manual queue into files a person imports in the shop's admin: one that updates
/// the products the shop has, and one that creates, disabled, those it does not have yet.
/// The column sets and their rules are the importers' documented ones, kept with their
/// sources in `adapters/shopify/product-csv.json` and `adapters/magento/product-import-csv.json`.
public enum ManualQueueExport {
    public enum Format: String, Sendable, CaseIterable, Codable {
        /// Shopify's product CSV (Products → Import, "Overwrite products with matching
        /// handles"). It has no locale column, so it carries the primary locale only;
        /// translations need the shop's translation import.
        case shopifyCSV = "shopify-csv"
        /// Magento's product import CSV (System → Data Transfer → Import), one row per store
        /// view, each SKU's default scope first.
        case magentoCSV = "magento-csv"
    }

    public struct Options: Hashable, Sendable {
        public var primaryLocale: LocaleCode
        /// Magento store view code per locale; the primary locale writes the default scope
        /// (empty store_view_code) unless mapped here.
        public var storeViews: [LocaleCode: String]
        /// The attribute set and website a new Magento product goes into.
        public var magentoAttributeSet = "Default"
        public var magentoWebsites = "base"
        /// What the Shopify shop said about the exported SKUs, when it could be asked: nil
        /// when not (the shop is down, no Shopify is configured). A SKU missing from it is
        /// not in the shop.
        public var shopifyVariants: [SKU: ShopVariant]?

        public init(primaryLocale: LocaleCode, storeViews: [LocaleCode: String] = [:], shopifyVariants: [SKU: ShopVariant]? = nil) {
            self.primaryLocale = primaryLocale
            self.storeViews = storeViews
            self.shopifyVariants = shopifyVariants
        }

        func storeView(for locale: LocaleCode) -> String {
            if let mapped = storeViews[locale] { return mapped }
            return locale == primaryLocale ? "" : locale.identifier.lowercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    public struct Result: Sendable {
        /// Updates to products the shop has.
        public let csv: String
        /// Creates the products the shop does not have yet (disabled or draft: a person sets
        /// the price and publishes them); nil when there are none.
        public let newProducts: String?
        public let newSKUs: [SKU]
        /// The queue entries written, to mark as exported.
        public let exportedIDs: [Int64]
        /// Entries left out because the format cannot carry them (Shopify: non-primary
        /// locales, a second SKU of one product).
        public let skipped: Int
        /// Shopify rows whose handle is derived from the SKU because the shop could not be
        /// asked: they update the product only if its handle is that one.
        public let derivedHandles: Int
    }

    public static func render(_ entries: [ManualQueueEntry], format: Format, options: Options) -> Result {
        switch format {
        case .shopifyCSV: shopify(entries, options: options)
        case .magentoCSV: magento(entries, options: options)
        }
    }

    private static func shopify(_ entries: [ManualQueueEntry], options: Options) -> Result {
        let known = options.shopifyVariants
        var updates = CSVWriter()
        var creates = CSVWriter()
        let text = ["Title", "Body (HTML)"]
        let seo = ["SEO Title", "SEO Description"]
        // Variant columns need the variant's real options; without the shop's answer they
        // are left out, and the rows match on the handle alone.
        let variantColumns = known == nil ? [] : ["Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value", "Variant SKU"]
        updates.row(["Handle"] + text + variantColumns + seo)
        creates.row(["Handle"] + text + ["Option1 Name", "Option1 Value", "Variant SKU"] + seo + ["Published", "Status"])
        var exported: [Int64] = []
        var newSKUs: [SKU] = []
        var handles: Set<String> = []
        var skipped = 0
        var derived = 0
        for entry in entries {
            let copy = entry.copy
            guard copy.locale == options.primaryLocale else {
                skipped += 1
                continue
            }
            let variant = known?[copy.sku]
            if MissingProduct.isMissing(entry.reason) || (known != nil && variant == nil) {
                creates.row([handle(for: copy.sku), copy.title, copy.bodyHTML, "Title", "Default Title", copy.sku.rawValue, copy.metaTitle, copy.metaDescription, "FALSE", "draft"])
                newSKUs.append(copy.sku)
                exported.append(entry.id)
                continue
            }
            let productHandle = variant?.handle ?? handle(for: copy.sku)
            // One product, one description: a second SKU of the same product is left out.
            guard handles.insert(productHandle).inserted else {
                skipped += 1
                continue
            }
            var row = [productHandle, copy.title, copy.bodyHTML]
            if let variant {
                let named = variant.options.isEmpty ? [ShopVariant.Option(name: "Title", value: "Default Title")] : variant.options
                for index in 0..<3 {
                    row += index < named.count ? [named[index].name, named[index].value] : ["", ""]
                }
                row.append(copy.sku.rawValue)
            } else {
                derived += 1
            }
            updates.row(row + [copy.metaTitle, copy.metaDescription])
            exported.append(entry.id)
        }
        return Result(csv: updates.output, newProducts: newSKUs.isEmpty ? nil : creates.output, newSKUs: newSKUs, exportedIDs: exported, skipped: skipped, derivedHandles: derived)
    }

    private static func magento(_ entries: [ManualQueueEntry], options: Options) -> Result {
        // Each SKU's default-scope row first, then its store views: a row for a store view
        // of a SKU the importer has not seen yet is refused.
        let ordered = entries.sorted { left, right in
            let (a, b) = (options.storeView(for: left.copy.locale), options.storeView(for: right.copy.locale))
            return (left.copy.sku.rawValue, a.isEmpty ? 0 : 1, a, left.id) < (right.copy.sku.rawValue, b.isEmpty ? 0 : 1, b, right.id)
        }
        let missing = Set(entries.filter { MissingProduct.isMissing($0.reason) }.map(\.copy.sku))
        var updates = CSVWriter()
        var creates = CSVWriter()
        let text = ["name", "description", "meta_title", "meta_description"]
        updates.row(["sku", "store_view_code"] + text)
        creates.row(["sku", "store_view_code", "attribute_set_code", "product_type", "product_websites", "product_online", "price"] + text)
        var exported: [Int64] = []
        for entry in ordered {
            let copy = entry.copy
            let scope = options.storeView(for: copy.locale)
            let values = [copy.title, copy.bodyHTML, copy.metaTitle, copy.metaDescription]
            if missing.contains(copy.sku) {
                // A new product: disabled, in the configured set and website; the price is
                // the one value the importer requires that catalogd does not have.
                let product = scope.isEmpty ? [options.magentoAttributeSet, "simple", options.magentoWebsites, "0", ""] : ["", "", "", "", ""]
                creates.row([copy.sku.rawValue, scope] + product + values)
            } else {
                updates.row([copy.sku.rawValue, scope] + values)
            }
            exported.append(entry.id)
        }
        let newSKUs = missing.sorted { $0.rawValue < $1.rawValue }
        return Result(csv: updates.output, newProducts: newSKUs.isEmpty ? nil : creates.output, newSKUs: newSKUs, exportedIDs: exported, skipped: 0, derivedHandles: 0)
    }

    /// The handle of a product catalogd creates from the CSV, and of one the shop could not
    /// be asked about: derived from the SKU, not the title, so regenerated copy with a new
    /// title still names the same product; Shopify's slug rule applies (lowercase, runs of
    /// other characters become one hyphen).
    static func handle(for sku: SKU) -> String {
        sku.rawValue.slugified(separator: "-")
    }
}

/// RFC 4180 output: comma-separated, CRLF line ends, fields quoted when they need it.
struct CSVWriter {
    private(set) var output = ""

    mutating func row(_ fields: [String]) {
        output += fields.map(Self.quote).joined(separator: ",") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
