import CatalogCore
import Foundation
import Testing

@Suite struct ProductDiffTests {
    private func hash(_ text: String) -> ContentHash { ContentHash(of: Data(text.utf8)) }
    private func sku(_ raw: String) -> SKU { SKU(raw)! }

    @Test func snapshotReportsEveryKindAndRemovesMissingSKUs() {
        let stored = [sku("A"): hash("a"), sku("B"): hash("b"), sku("C"): hash("c")]
        let incoming = [sku("A"): hash("a"), sku("B"): hash("b2"), sku("D"): hash("d")]
        let changes = ProductDiff.changes(stored: stored, incoming: incoming, mode: .snapshot)
        #expect(changes == [
            ProductChange(sku: sku("A"), kind: .unchanged),
            ProductChange(sku: sku("B"), kind: .changed),
            ProductChange(sku: sku("C"), kind: .removed),
            ProductChange(sku: sku("D"), kind: .added),
        ])
        #expect(DiffSummary(changes) == DiffSummary(added: 1, changed: 1, removed: 1, unchanged: 1))
    }

    @Test func deltaNeverRemoves() {
        let changes = ProductDiff.changes(stored: [sku("A"): hash("a")], incoming: [sku("B"): hash("b")], mode: .delta)
        #expect(changes == [ProductChange(sku: sku("B"), kind: .added)])
    }

    @Test func summaryReadsLikeTheLogLine() {
        #expect(DiffSummary(added: 2, changed: 1, removed: 0, unchanged: 5).description == "2 added, 1 changed, 0 removed, 5 unchanged")
    }
}

@Suite struct CatalogErrorTests {
    @Test func descriptionCarriesLocationMessageAndCode() {
        let error = CatalogError(.wrongColumnCount, "expected 5 fields, found 4", context: .init(line: 7)).inFile("export.csv")
        #expect(error.description == "export.csv, line 7: expected 5 fields, found 4 [wrong_column_count]")
    }

    @Test func idempotencyKeyDependsOnEveryPart() {
        let base = PublishItem.idempotencyKey(sku: SKU("A")!, locale: LocaleCode("en")!, contentHash: ContentHash(of: Data("x".utf8)), target: "shopify")
        #expect(base != PublishItem.idempotencyKey(sku: SKU("B")!, locale: LocaleCode("en")!, contentHash: ContentHash(of: Data("x".utf8)), target: "shopify"))
        #expect(base != PublishItem.idempotencyKey(sku: SKU("A")!, locale: LocaleCode("de")!, contentHash: ContentHash(of: Data("x".utf8)), target: "shopify"))
        #expect(base != PublishItem.idempotencyKey(sku: SKU("A")!, locale: LocaleCode("en")!, contentHash: ContentHash(of: Data("y".utf8)), target: "shopify"))
        #expect(base != PublishItem.idempotencyKey(sku: SKU("A")!, locale: LocaleCode("en")!, contentHash: ContentHash(of: Data("x".utf8)), target: "magento"))
    }
}
