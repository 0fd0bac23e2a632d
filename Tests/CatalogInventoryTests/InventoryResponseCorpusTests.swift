import CatalogCore
import CatalogInventory
import CatalogTestSupport
import Foundation
import Testing

/// The inventory feed answers in Tests/Fixtures/responses/inventory, each with the exact
/// reading the feed parser must make of it with a nested field mapping: the stock lines it
/// takes, or the error that rejects the whole answer.
@Suite struct InventoryResponseCorpusTests {
    static let mapping = InventoryFieldMapping(items: "data.items", sku: "sku", quantity: "stock.available")
    static let expected: [String: String] = [
        "stock.http": "2 stock lines (SKU-1 3, SKU-2 0), 0 warnings",
        "truncated.http": "failed: the response is not complete JSON (86 bytes)",
        "deep-nesting.http": "failed: the response is not complete JSON (40010 bytes)",
        "no-items.http": "failed: expected an array of stock lines at 'data.items'",
        "too-large-count.http": "failed: line 1: 'stock.available' is 1e+30, not a whole number of units that fits 64 bits",
    ]

    @Test func everyRecordedAnswerReadsAsExpected() throws {
        let differences = try ResponseCorpus.differences(api: "inventory", expected: Self.expected) { _, response in
            do {
                let (levels, warnings) = try InventoryFeed.parse(Data(response.body), format: .json, mapping: Self.mapping)
                return "\(levels.count) stock lines (" + levels.map { "\($0.sku.rawValue) \($0.quantity)" }.joined(separator: ", ") + "), \(warnings.count) warnings"
            } catch {
                return "failed: \(error)"
            }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }
}
