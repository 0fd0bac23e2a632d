import CatalogCore
@testable import CatalogPublishing
import CatalogStore
import Foundation
import Testing

@Suite struct ManualQueueExportTests {
    func entry(_ id: Int64, _ sku: String, _ locale: String, title: String = "Trail Runner, \"42\"") -> ManualQueueEntry {
        ManualQueueEntry(
            id: id, target: "manual", reason: "no shop", state: "open", createdAt: Date(),
            copy: GeneratedCopy(sku: SKU(sku)!, locale: LocaleCode(locale)!, title: title, bodyHTML: "<h2>x</h2>\n<p>y</p>\n", metaTitle: "Meta", metaDescription: "Desc, long", generator: GeneratorIdentity(name: "template", version: "1"))
        )
    }

    let options = ManualQueueExport.Options(primaryLocale: LocaleCode("en")!, storeViews: [LocaleCode("fr")!: "french"])

    @Test func shopifyCSVHasShopifysColumnsAndThePrimaryLocaleOnly() {
        let result = ManualQueueExport.render([entry(1, "TRAIL-RUN 42", "en"), entry(2, "TRAIL-RUN 42", "de")], format: .shopifyCSV, options: options)
        #expect(result.csv == """
            Handle,Title,Body (HTML),SEO Title,SEO Description\r
            trail-run-42,"Trail Runner, ""42\""\","<h2>x</h2>
            <p>y</p>
            ",Meta,"Desc, long"\r

            """)
        #expect(result.exportedIDs == [1])
        #expect(result.skipped == 1)
    }

    @Test func magentoCSVWritesOneRowPerStoreView() {
        let result = ManualQueueExport.render([entry(1, "A", "en", title: "T"), entry(2, "A", "de", title: "T"), entry(3, "A", "fr", title: "T")], format: .magentoCSV, options: options)
        let lines = result.csv.components(separatedBy: "\r\n").filter { !$0.isEmpty && $0.first != "<" && $0.first != "\"" }
        #expect(lines.first == "sku,store_view_code,name,description,meta_title,meta_description")
        #expect(result.csv.contains("\r\nA,,T,\""))
        #expect(result.csv.contains("\r\nA,de,T,\""))
        #expect(result.csv.contains("\r\nA,french,T,\""))
        #expect(result.exportedIDs == [1, 2, 3])
    }

    @Test(arguments: [("ABC-1", "abc-1"), ("Shoe / Blue  XL", "shoe-blue-xl"), ("--A--", "a"), ("Größe_7", "größe-7")])
    func handlesFollowShopifysSlugRule(sku: String, handle: String) {
        #expect(ManualQueueExport.handle(for: SKU(sku)!) == handle)
    }
}
