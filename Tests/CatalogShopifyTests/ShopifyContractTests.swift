import CatalogGraphQL
@testable import CatalogShopify
import CatalogTestSupport
import CatalogCore
import Foundation
import Testing

/// The version lock: every document the adapter can send must validate against the pinned
/// schema, and the manifest, the schema file and the adapter's constants must agree.
@Suite struct ShopifyContractTests {
    static let adapterFolder = FakeShopifyServer.schemaFile.deletingLastPathComponent()

    static func pinnedSchema() throws -> Schema {
        try Schema(sdl: String(contentsOf: FakeShopifyServer.schemaFile, encoding: .utf8))
    }

    @Test func everyDocumentValidatesAgainstThePinnedSchema() throws {
        let schema = try Self.pinnedSchema()
        #expect(ShopifyAPI.documents.count == 16)
        for (name, document) in ShopifyAPI.documents {
            // One operation per document; the bulk export is anonymous, as Shopify's are.
            let result = Validator.validate(schema, document: document, variables: nil)
            if case .failure(let errors) = result {
                Issue.record("\(name): \(errors)")
            }
        }
    }

    @Test func manifestPinsTheSchemaFileAndTheAdapterVersion() throws {
        let manifestData = try Data(contentsOf: Self.adapterFolder.appendingPathComponent("version-lock.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        #expect(manifest["pinned_version"] as? String == ShopifyAPI.pinnedVersion)
        let schemaBytes = try Data(contentsOf: FakeShopifyServer.schemaFile)
        #expect(manifest["schema_sha256"] as? String == ContentHash(of: schemaBytes).hex, "the schema file changed: update version-lock.json")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        #expect(manifest["end_of_support"] as? String == formatter.string(from: ShopifyAPI.endOfSupport))
        #expect(ShopifyAPI.productBySKU.contains("first: 2"))
    }

    @Test func aDocumentThatDriftedFromTheSchemaFails() throws {
        let schema = try Self.pinnedSchema()
        let drifted = ShopifyAPI.productUpdate.replacingOccurrences(of: "descriptionHtml", with: "bodyHtml")
        guard case .failure(let errors) = Validator.validate(schema, document: drifted, variables: nil) else {
            Issue.record("a misspelled field validated")
            return
        }
        #expect(errors.messages == ["Field 'bodyHtml' doesn't exist on type 'Product'"])
    }

    @Test func variablesAreCoercedAgainstInputTypes() throws {
        let schema = try Self.pinnedSchema()
        let valid: [String: JSON] = ["product": .object(["id": .string("gid://shopify/Product/1"), "title": .string("T"), "seo": .object(["title": .string("S")])])]
        guard case .success = Validator.validate(schema, document: ShopifyAPI.productUpdate, variables: valid) else {
            Issue.record("valid variables rejected")
            return
        }
        let cases: [([String: JSON], String)] = [
            ([:], "Variable $product of type ProductUpdateInput! was provided invalid value"),
            (["product": .object(["body_html": .string("x")])], "Variable $product of type ProductUpdateInput! was provided invalid value (Field is not defined on ProductUpdateInput: body_html)"),
            (["product": .object(["title": .int(3)])], "Variable $product of type ProductUpdateInput! was provided invalid value for title (Could not coerce value int(3) to String)"),
            (["product": .object(["status": .string("LIVE")])], "Variable $product of type ProductUpdateInput! was provided invalid value for status (Expected \"string(\"LIVE\")\" to be one of: ACTIVE, ARCHIVED, DRAFT)"),
        ]
        for (variables, message) in cases {
            guard case .failure(let errors) = Validator.validate(schema, document: ShopifyAPI.productUpdate, variables: variables) else {
                Issue.record("accepted \(variables)")
                continue
            }
            #expect(errors.messages == [message])
        }
    }

    @Test func documentRulesAreEnforced() throws {
        let schema = try Self.pinnedSchema()
        let cases: [(String, String)] = [
            ("query { translatableResource { resourceId } }", "Field 'translatableResource' is missing required arguments: resourceId"),
            ("query { shopLocales }", "Field must have selections (field 'shopLocales' returns ShopLocale but has no selections. Did you mean 'shopLocales { ... }'?)"),
            ("query { shopLocales { locale { x } } }", "Selections can't be made on scalars (field 'locale' returns String but has selections)"),
            ("query Q($id: ID!) { shopLocales { locale } }", "Variable $id is declared by Q but not used"),
            ("query Q($id: String!) { translatableResource(resourceId: $id) { resourceId } }", "Argument 'resourceId' on Field 'translatableResource' has an invalid value: Type mismatch on variable $id and argument (String! / ID!)"),
            ("query { shopLocales(published: \"yes\") { locale } }", "Argument 'published' on Field 'shopLocales' has an invalid value: expected type 'Boolean'"),
            ("query { shopLocales(first: 3) { locale } }", "Field 'shopLocales' doesn't accept argument 'first'"),
            ("mutation { productUpdate(product: {titel: \"x\"}) { userErrors { message } } }", "Argument 'product' on Field 'productUpdate' has an invalid value: titel is not a field of ProductUpdateInput"),
        ]
        for (document, message) in cases {
            guard case .failure(let errors) = Validator.validate(schema, document: document, variables: nil) else {
                Issue.record("accepted \(document)")
                continue
            }
            #expect(errors.messages == [message], "\(document)")
        }
    }

    /// Rules the hand-written checks do not know are still enforced: the specification's own
    /// (GraphQLSwift's) validation runs on every document and has the last word.
    @Test func theSpecificationsRulesAreEnforcedByTheReferenceImplementation() throws {
        let schema = try Self.pinnedSchema()
        let cases: [(String, String?, String)] = [
            ("query { shopLocales { locale } } fragment F on ShopLocale { name }", nil, "Fragment \"F\" is never used."),
            ("query { shopLocales(published: true, published: false) { locale } }", nil, "There can be only one argument named \"published\"."),
            ("query { shopLocales @cached { locale } }", nil, "Unknown directive \"@cached\"."),
            ("query A { shopLocales { locale } } query A { shopLocales { name } }", "A", "There can be only one operation named \"A\"."),
        ]
        for (document, operation, expected) in cases {
            guard case .failure(let errors) = Validator.validate(schema, document: document, operationName: operation, variables: nil) else {
                Issue.record("accepted \(document)")
                continue
            }
            #expect(errors.messages.contains(expected), "\(document): \(errors.messages)")
        }
    }

    @Test func syntaxErrorsCarryTheirPosition() throws {
        let schema = try Self.pinnedSchema()
        guard case .failure(let errors) = Validator.validate(schema, document: "query {\n  shopLocales { locale \n") else {
            Issue.record("accepted a truncated document")
            return
        }
        #expect(errors.errors.first?.line == 3)
    }
}
