import CatalogCore
import CatalogMagento
import CatalogTestSupport
import Testing

/// The Magento answers in Tests/Fixtures/responses/magento, each with the exact reading the
/// client must make of it: the JSON, or an error with Magento's message rendered and kept to
/// a length a log line and a manual-queue reason can hold.
@Suite struct MagentoResponseCorpusTests {
    static let expected: [String: String] = [
        "bulk-accepted-202.http": "json object",
        "deep-nesting.http": "failed: magento HTTP 200: GET V1/products/SKU-1: the response is not JSON",
        "empty-body-200.http": "failed: magento HTTP 200: GET V1/products/SKU-1: the response is not JSON",
        "gateway-502.http": "failed: magento HTTP 502: GET V1/products/SKU-1: <html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
        "html-page-200.http": "failed: magento HTTP 200: GET V1/products/SKU-1: the response is not JSON",
        "invalid-type-400.http": #"failed: magento HTTP 400: The "abc" value's type is invalid. The "int" type was expected. Verify and try again."#,
        "long-message-500.http": "failed: magento HTTP 500: " + String(repeating: "x", count: 1_000) + "…",
        "message-not-a-string-400.http": #"failed: magento HTTP 400: GET V1/products/SKU-1: { "message": 42 }"#,
        "no-such-product-404.http": "failed: magento HTTP 404: The product that was requested doesn't exist. Verify the product and try again.",
        "not-authorized-401.http": "failed: magento HTTP 401: The consumer isn't authorized to access Magento_Catalog::products.",
        "parameters-not-a-list-400.http": #"failed: magento HTTP 400: The "%1" value's type is invalid."#,
        "product.http": "json object",
        "report-id-500.http": "failed: magento HTTP 500: Internal Error. Details are available in Magento log file. Report ID: webapi-6564a1b2c3d4e",
        "scalar-200.http": "json scalar",
        // Substituted text is not scanned again: this once grew geometrically with each level.
        "self-referencing-parameters-400.http": "failed: magento HTTP 400: %2%2%2%2%2%2",
    ]

    @Test func everyRecordedAnswerReadsAsExpected() throws {
        let differences = try ResponseCorpus.differences(api: "magento", expected: Self.expected) { _, response in MagentoAnswerReader.read(response) }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }
}
