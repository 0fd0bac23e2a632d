import CatalogCore
@testable import CatalogMagento
import CatalogOpenAPI
import CatalogTestSupport
import Foundation
import Testing

/// The version lock: every request the adapter can send must match an operation of the pinned
/// OpenAPI subset and every body it builds must validate, and the manifest, the schema file and
/// the adapter's constants must agree.
@Suite struct MagentoContractTests {
    static func document() throws -> OpenAPIDocument {
        try OpenAPIDocument(data: Data(contentsOf: FakeMagentoServer.schemaFile))
    }

    static func body(_ json: Any) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: JSONSerialization.data(withJSONObject: json))
    }

    static let item = PublishItem(
        target: "magento",
        copy: GeneratedCopy(
            sku: SKU("SKU-1")!, locale: LocaleCode("de-DE")!, title: "Wanderschuh", bodyHTML: "<p>Leicht.</p>",
            metaTitle: "Wanderschuh | Shop", metaDescription: "Jetzt kaufen.", generator: GeneratorIdentity(name: "template", version: "1.0.0")
        ),
        handle: "wanderschuh"
    )

    @Test func everyRequestMatchesThePinnedSchema() throws {
        let document = try Self.document()
        for (method, path) in MagentoAPI.Route.all {
            #expect(document.operation(method: method, path: "/" + path) != nil, "\(method) \(path) is not in the pinned schema")
        }
        let bodies: [(String, String, JSON)] = [
            ("PUT", MagentoAPI.Route.product("SKU-1"), MagentoTarget.body(Self.item, urlKey: "wanderschuh")),
            ("PUT", MagentoAPI.Route.product("SKU-1"), MagentoTarget.body(Self.item, urlKey: nil)),
            ("POST", MagentoAPI.Route.products, MagentoTarget.createBody(Self.item, urlKey: "wanderschuh", attributeSetID: 4)),
            ("PUT", MagentoAPI.Route.bulkProducts, .array([MagentoTarget.bulkBody(Self.item, urlKey: nil), MagentoTarget.bulkBody(Self.item, urlKey: "x")])),
            ("POST", MagentoAPI.Route.adminToken, MagentoAPI.adminTokenBody(username: "catalogd", password: "secret")),
        ]
        for (method, path, body) in bodies {
            let operation = try #require(document.operation(method: method, path: "/" + path)?.operation)
            #expect(document.violations(of: body, for: operation).isEmpty, "\(method) \(path)")
        }
    }

    @Test func manifestPinsTheSchemaFileAndTheAdapterVersion() throws {
        let directory = FakeMagentoServer.schemaFile.deletingLastPathComponent()
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("version-lock.json"))) as? [String: Any])
        #expect(manifest["pinned_version"] as? String == MagentoAPI.pinnedVersion)
        #expect(manifest["schema_file"] as? String == FakeMagentoServer.schemaFile.lastPathComponent)
        let schema = try Data(contentsOf: FakeMagentoServer.schemaFile)
        #expect(manifest["schema_sha256"] as? String == ContentHash(of: schema).hex)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        #expect(manifest["end_of_support"] as? String == formatter.string(from: MagentoAPI.endOfSupport))
    }

    /// A body that drifted from the schema fails with the message Magento would answer.
    @Test func bodiesThatDriftFailWithMagentosMessages() throws {
        let document = try Self.document()
        let operation = try #require(document.operation(method: "PUT", path: "/V1/products/SKU-1")?.operation)
        let cases: [(Any, String, String)] = [
            (["product": ["sku": "A", "titel": "x"]], "product.titel: not a property of Magento\\Catalog\\Api\\Data\\ProductInterface",
             "Property \"Titel\" does not have accessor method \"getTitel\" in class \"Magento\\Catalog\\Api\\Data\\ProductInterface\"."),
            (["saveOptions": true], "product: required but missing", "\"product\" is required. Enter and try again."),
            (["product": ["sku": "A", "custom_attributes": [["attribute_code": "description"]]]], "product.custom_attributes[0].value: required but missing",
             "\"value\" is required. Enter and try again."),
            (["product": ["sku": "A", "status": "enabled"]], "product.status: expected int, got enabled",
             "The \"enabled\" value's type is invalid. The \"int\" type was expected. Verify and try again."),
        ]
        for (body, violation, message) in cases {
            let found = document.violations(of: try Self.body(body), for: operation)
            #expect(found.map(\.description) == [violation])
            let rendered = found.first.map { MagentoMessage.render($0.magentoMessage.message, parameters: $0.magentoMessage.parameters) }
            #expect(rendered == message)
        }
        // A bySku bulk item names its product at the top level; the one inside `product` does not count.
        let bulk = try #require(document.operation(method: "PUT", path: "/async/bulk/V1/products/bySku")?.operation)
        let found = document.violations(of: try Self.body([["product": ["sku": "A"], "saveOptions": true]]), for: bulk)
        #expect(found.map(\.description) == ["[0].sku: required but missing"])
        #expect(found.first.map { MagentoMessage.render($0.magentoMessage.message, parameters: $0.magentoMessage.parameters) } == "\"sku\" is required. Enter and try again.")
    }

    @Test func literalSegmentsWinOverParameters() throws {
        let document = try Self.document()
        #expect(document.operation(method: "PUT", path: "/async/bulk/V1/products/bySku")?.operation.operationID == "asyncBulkCatalogProductRepositoryV1SavePutBySku")
        #expect(document.operation(method: "GET", path: "/V1/products/A%2FB")?.parameters == ["sku": "A/B"])
        #expect(document.operation(method: "DELETE", path: "/V1/products/A") == nil)
    }

    @Test func messagesRenderPositionalAndNamedParameters() {
        #expect(MagentoMessage.render("The \"%1\" value's type is invalid. The \"%2\" type was expected.", parameters: .array([.string("x"), .string("int")])) == "The \"x\" value's type is invalid. The \"int\" type was expected.")
        #expect(MagentoMessage.render("The consumer isn't authorized to access %resources.", parameters: .object(["resources": .string("Magento_Catalog::products")])) == "The consumer isn't authorized to access Magento_Catalog::products.")
        #expect(MagentoMessage.render("%1 and %10", parameters: .array((1...10).map { .int($0) })) == "1 and 10")
    }
}
