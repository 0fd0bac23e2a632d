public import CatalogCore
public import CatalogStore

/// Turns the manual queue into files a person imports in the shop's admin.
public enum ManualQueueExport {
    public enum Format: String, Sendable, CaseIterable, Codable {
        /// Shopify's product CSV (Products → Import). It has no locale column, so it carries
        /// the primary locale only; translations need the shop's translation import.
        case shopifyCSV = "shopify-csv"
        /// Magento's product import CSV (System → Data Transfer → Import), one row per store view.
        case magentoCSV = "magento-csv"
    }

    public struct Options: Hashable, Sendable {
        public var primaryLocale: LocaleCode
        /// Magento store view code per locale; the primary locale writes the default scope
        /// (empty store_view_code) unless mapped here.
        public var storeViews: [LocaleCode: String]

        public init(primaryLocale: LocaleCode, storeViews: [LocaleCode: String] = [:]) {
            self.primaryLocale = primaryLocale
            self.storeViews = storeViews
        }

        func storeView(for locale: LocaleCode) -> String {
            if let mapped = storeViews[locale] { return mapped }
            return locale == primaryLocale ? "" : locale.identifier.lowercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    public struct Result: Sendable {
        public let csv: String
        /// The queue entries written, to mark as exported.
        public let exportedIDs: [Int64]
        /// Entries left out because the format cannot carry them (Shopify: non-primary locales).
        public let skipped: Int
    }

    public static func render(_ entries: [ManualQueueEntry], format: Format, options: Options) -> Result {
        var writer = CSVWriter()
        var exported: [Int64] = []
        var skipped = 0
        switch format {
        case .shopifyCSV:
            writer.row(["Handle", "Title", "Body (HTML)", "SEO Title", "SEO Description"])
            for entry in entries {
                guard entry.copy.locale == options.primaryLocale else {
                    skipped += 1
                    continue
                }
                let copy = entry.copy
                writer.row([handle(for: copy.sku), copy.title, copy.bodyHTML, copy.metaTitle, copy.metaDescription])
                exported.append(entry.id)
            }
        case .magentoCSV:
            writer.row(["sku", "store_view_code", "name", "description", "meta_title", "meta_description"])
            for entry in entries {
                let copy = entry.copy
                writer.row([copy.sku.rawValue, options.storeView(for: copy.locale), copy.title, copy.bodyHTML, copy.metaTitle, copy.metaDescription])
                exported.append(entry.id)
            }
        }
        return Result(csv: writer.output, exportedIDs: exported, skipped: skipped)
    }

    /// The handle Shopify's importer matches rows on. It is derived from the SKU, not the
    /// title, so regenerated copy with a new title still updates the same product; Shopify's
    /// slug rule applies (lowercase, runs of other characters become one hyphen).
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

import Foundation
