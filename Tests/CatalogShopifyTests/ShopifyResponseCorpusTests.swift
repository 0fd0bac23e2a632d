import CatalogCore
import CatalogShopify
import CatalogTestSupport
import Testing

/// The Shopify answers in Tests/Fixtures/responses/shopify, each with the exact reading the
/// client must make of it: data, a throttle wait, a retriable gateway error, or a failure
/// whose message names the operation and what was wrong.
@Suite struct ShopifyResponseCorpusTests {
    static let endpoint = "https://shop.example/admin/api/2026-10/graphql.json"
    static let schema = "shopify invalid-response: ProductBySKU: the response does not match the pinned schema"

    static let cases: [(file: String, operation: String, reading: String)] = [
        ("product-by-sku.http", "ProductBySKU", "data"),
        ("user-errors.http", "UpdateProductCopy", "data"),
        ("bulk-running.http", "BulkStatus", "data"),
        // The answer is used, but its cost extension is not: the client keeps its own bucket.
        ("impossible-bucket.http", "ProductBySKU", "data"),
        ("throttled.http", "ProductBySKU", "throttled until the bucket refills"),
        ("too-many-requests-429.http", "ProductBySKU", "throttled 2.0 s"),
        ("retry-after-infinite-429.http", "ProductBySKU", "throttled 1.0 s"),
        ("retry-after-a-day-429.http", "ProductBySKU", "throttled 60.0 s"),
        ("gateway-503.http", "ProductBySKU", "gateway-busy: shopify http: HTTP 503 from \(endpoint): <html><body><h1>503 Service Unavailable</h1></body></html>"),
        ("unauthorized-401.http", "ProductBySKU", #"failed: shopify http: HTTP 401 from \#(endpoint): { "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)" }"#),
        ("version-fallback.http", "ProductBySKU", "failed: shopify version-mismatch: the shop answered with Admin API 2025-10 but catalogd is pinned to 2026-10 (Shopify serves the oldest supported version when the requested one is gone); writes are stopped and work goes to the manual queue until catalogd is upgraded"),
        ("undefined-field.http", "ProductBySKU", "failed: shopify graphql: ProductBySKU: Field 'descriptionHtml' doesn't exist on type 'Product'"),
        ("neither-data-nor-errors.http", "ProductBySKU", "failed: shopify invalid-response: ProductBySKU: neither data nor errors in the response"),
        ("html-page-200.http", "ProductBySKU", "failed: \(schema): not valid JSON"),
        ("truncated.http", "ProductBySKU", "failed: \(schema): not valid JSON"),
        ("empty-body.http", "ProductBySKU", "failed: \(schema): not valid JSON"),
        ("deep-nesting.http", "ProductBySKU", "failed: \(schema): not valid JSON"),
        ("not-an-object.http", "ProductBySKU", "failed: \(schema): expected an object"),
        ("null-title.http", "ProductBySKU", "failed: \(schema): data.productVariants.nodes[0].product.title: expected a string, found null"),
        ("missing-description.http", "ProductBySKU", "failed: \(schema): data.productVariants.nodes[0].product.descriptionHtml: missing"),
        ("invalid-utf8.http", "ShopLocales", "failed: shopify invalid-response: ShopLocales: the response does not match the pinned schema: not valid JSON"),
        ("bulk-object-count-number.http", "BulkStatus", "failed: shopify invalid-response: BulkStatus: the response does not match the pinned schema: data.currentBulkOperation.objectCount: expected a string"),
    ]

    @Test func everyRecordedAnswerReadsAsExpected() throws {
        let operations = Dictionary(uniqueKeysWithValues: Self.cases.map { ($0.file, $0.operation) })
        let differences = try ResponseCorpus.differences(api: "shopify", expected: Dictionary(uniqueKeysWithValues: Self.cases.map { ($0.file, $0.reading) })) { file, response in
            ShopifyAnswerReader.read(response, operation: operations[file] ?? "ProductBySKU")
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }
}
