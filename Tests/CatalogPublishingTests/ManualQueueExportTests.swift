import CatalogCore
@testable import CatalogPublishing
import CatalogStore
import Foundation
import Testing

@Suite struct ManualQueueExportTests {
    func entry(_ id: Int64, _ sku: String, _ locale: String, title: String = "Trail Runner, \"42\"", reason: String = "no shop") -> ManualQueueEntry {
        ManualQueueEntry(
            id: id, target: "manual", reason: reason, state: "open", createdAt: Date(),
            copy: GeneratedCopy(sku: SKU(sku)!, locale: LocaleCode(locale)!, title: title, bodyHTML: "<h2>x</h2>\n<p>y</p>\n", metaTitle: "Meta", metaDescription: "Desc, long", generator: GeneratorIdentity(name: "template", version: "1"))
        )
    }

    let options = ManualQueueExport.Options(primaryLocale: LocaleCode("en")!, storeViews: [LocaleCode("fr")!: "french"])

    /// The importers' documented formats, kept in adapters/ with their sources.
    struct DocumentedFormat: Decodable {
        let columns: [String]
        let required_to_update: [String]?
        let required_to_create: [String]
        let first_column: String?
        let variant_columns: [String]?
        let variant_columns_need: [String]?

        static func load(_ path: String) throws -> DocumentedFormat {
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try JSONDecoder().decode(DocumentedFormat.self, from: Data(contentsOf: repository.appendingPathComponent(path)))
        }

        /// Why `csv`'s header breaks the format's rules, for a file that creates or updates.
        func problems(_ csv: String, creates: Bool) -> [String] {
            let header = csv.components(separatedBy: "\r\n")[0].components(separatedBy: ",")
            var problems = header.filter { !columns.contains($0) }.map { "\($0) is not a documented column" }
            let required = creates ? required_to_create : (required_to_update ?? [])
            problems += required.filter { !header.contains($0) }.map { "\($0) is required" }
            if let first_column, header.first != first_column { problems.append("\(first_column) must come first") }
            if header.contains(where: { (variant_columns ?? []).contains($0) }) {
                problems += (variant_columns_need ?? []).filter { !header.contains($0) }.map { "variant columns need \($0)" }
            }
            return problems
        }
    }

    @Test func shopifyCSVWithoutTheShopDerivesHandlesAndSaysSo() throws {
        let result = ManualQueueExport.render([entry(1, "TRAIL-RUN 42", "en"), entry(2, "TRAIL-RUN 42", "de")], format: .shopifyCSV, options: options)
        #expect(result.csv == """
            Handle,Title,Body (HTML),SEO Title,SEO Description\r
            trail-run-42,"Trail Runner, ""42\""\","<h2>x</h2>
            <p>y</p>
            ",Meta,"Desc, long"\r

            """)
        #expect(result.exportedIDs == [1])
        #expect(result.skipped == 1)
        #expect(result.derivedHandles == 1)
        #expect(result.newProducts == nil)
        #expect(try DocumentedFormat.load("adapters/shopify/product-csv.json").problems(result.csv, creates: false).isEmpty)
    }

    /// Issue 27: the export wrote `sku-0000010` where the shop's handle is `seed-sku-0000010`,
    /// so Shopify's importer created new, SKU-less products. With the shop's answer, rows carry
    /// its handle and the variant's options and SKU; what the shop lacks is created as a draft.
    @Test func shopifyCSVUsesTheShopsHandlesAndCreatesOnlyWhatItLacks() throws {
        var options = options
        options.shopifyVariants = [
            SKU("SKU-10")!: ShopVariant(handle: "seed-sku-10", options: [.init(name: "Title", value: "Default Title")]),
            SKU("BOOT-41")!: ShopVariant(handle: "trail-boot", options: [.init(name: "Size", value: "41")]),
            SKU("BOOT-42")!: ShopVariant(handle: "trail-boot", options: [.init(name: "Size", value: "42")]),
        ]
        let entries = [entry(1, "SKU-10", "en", title: "Ten"), entry(2, "BOOT-41", "en", title: "Boot"), entry(3, "BOOT-42", "en", title: "Boot"), entry(4, "NEW-1", "en", title: "New")]
        let result = ManualQueueExport.render(entries, format: .shopifyCSV, options: options)
        let rows = result.csv.components(separatedBy: "\r\n")
        #expect(rows[0] == "Handle,Title,Body (HTML),Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,SEO Title,SEO Description")
        #expect(result.csv.contains("\r\nseed-sku-10,Ten,\"<h2>x</h2>\n<p>y</p>\n\",Title,Default Title,,,,,SKU-10,Meta,\"Desc, long\"\r\n"))
        #expect(result.csv.contains("\r\ntrail-boot,Boot,\"<h2>x</h2>\n<p>y</p>\n\",Size,41,,,,,BOOT-41,"))
        #expect(!result.csv.contains("BOOT-42"), "one description per product")
        #expect(result.skipped == 1 && result.derivedHandles == 0)
        let created = try #require(result.newProducts)
        #expect(created.hasPrefix("Handle,Title,Body (HTML),Option1 Name,Option1 Value,Variant SKU,SEO Title,SEO Description,Published,Status\r\n"))
        #expect(created.contains("\r\nnew-1,New,\"<h2>x</h2>\n<p>y</p>\n\",Title,Default Title,NEW-1,Meta,\"Desc, long\",FALSE,draft\r\n"))
        #expect(result.newSKUs == [SKU("NEW-1")!])
        #expect(Set(result.exportedIDs) == [1, 2, 4])
        let format = try DocumentedFormat.load("adapters/shopify/product-csv.json")
        #expect(format.problems(result.csv, creates: false).isEmpty, "\(format.problems(result.csv, creates: false))")
        #expect(format.problems(created, creates: true).isEmpty, "\(format.problems(created, creates: true))")
    }

    @Test func aSKUTheShopSaidItLacksIsCreatedEvenWithoutAsking() {
        let reason = MissingProduct.reason(shop: "Shopify", sku: SKU("NEW-1")!, variant: true) + " (catalogd does not create products)"
        let result = ManualQueueExport.render([entry(1, "NEW-1", "en", reason: reason)], format: .shopifyCSV, options: options)
        #expect(result.newSKUs == [SKU("NEW-1")!])
        #expect(result.csv == "Handle,Title,Body (HTML),SEO Title,SEO Description\r\n")
    }

    /// Issue 27: a store-view row came before its SKU's default-scope row, and a new SKU had
    /// no attribute set, type or website.
    @Test func magentoCSVPutsEachSKUsDefaultScopeFirstAndCreatesNewSKUsDisabled() throws {
        let missing = MissingProduct.reason(shop: "Magento", sku: SKU("NEW-1")!)
        let entries = [
            entry(1, "A", "fr", title: "T"), entry(2, "A", "de", title: "T"), entry(3, "A", "en", title: "T"),
            entry(4, "NEW-1", "de", title: "N", reason: missing), entry(5, "NEW-1", "en", title: "N", reason: missing),
        ]
        let result = ManualQueueExport.render(entries, format: .magentoCSV, options: options)
        let scopes = result.csv.components(separatedBy: "\r\n").filter { $0.hasPrefix("A,") }.map { $0.components(separatedBy: ",").prefix(2).joined(separator: ",") }
        #expect(scopes == ["A,", "A,de", "A,french"])
        #expect(result.csv.hasPrefix("sku,store_view_code,name,description,meta_title,meta_description\r\n"))
        let created = try #require(result.newProducts)
        #expect(created.hasPrefix("sku,store_view_code,attribute_set_code,product_type,product_websites,product_online,price,name,description,meta_title,meta_description\r\nNEW-1,,Default,simple,base,0,,N,"))
        #expect(created.contains("\r\nNEW-1,de,,,,,,N,"))
        #expect(result.newSKUs == [SKU("NEW-1")!])
        #expect(Set(result.exportedIDs) == [1, 2, 3, 4, 5])
        let format = try DocumentedFormat.load("adapters/magento/product-import-csv.json")
        #expect(format.problems(result.csv, creates: false).isEmpty, "\(format.problems(result.csv, creates: false))")
        #expect(format.problems(created, creates: true).isEmpty, "\(format.problems(created, creates: true))")
    }

    @Test(arguments: [("ABC-1", "abc-1"), ("Shoe / Blue  XL", "shoe-blue-xl"), ("--A--", "a"), ("Größe_7", "größe-7")])
    func handlesFollowShopifysSlugRule(sku: String, handle: String) {
        #expect(ManualQueueExport.handle(for: SKU(sku)!) == handle)
    }
}
