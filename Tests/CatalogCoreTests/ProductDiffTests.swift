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

/// The field changes read from two canonical documents, decoding only what differs, are
/// those of the two decoded products, whatever changed.
@Suite struct DocumentFieldChangeTests {
    static let texts = ["Blau", "Rot", "Größe", "Gro\u{308}ße", "", "a \"quoted\" \\ text", "line\nbreak", "é", "e\u{301}"]

    static func product(_ random: inout some RandomNumberGenerator) -> Product {
        func text() -> String { texts.randomElement(using: &random)! }
        func value() -> AttributeValue {
            switch Int.random(in: 0..<7, using: &random) {
            case 0: .text(text())
            case 1: .media("images/\(Int.random(in: 0..<3, using: &random)).jpg")
            case 2: .localizedText([LocaleCode("de")!: text(), LocaleCode(Bool.random(using: &random) ? "en" : "fr")!: text()])
            case 3: .number(CanonicalDecimal(["1", "1.0", "2.5", "10"].randomElement(using: &random)!)!, unit: Bool.random(using: &random) ? "KG" : nil)
            case 4: .price([Money(amount: CanonicalDecimal(["9.99", "10", "10.00"].randomElement(using: &random)!)!, currency: "EUR")])
            case 5: .normalizedList([text(), text()])
            default: .boolean(Bool.random(using: &random))
            }
        }
        var attributes: [String: AttributeValue] = [:]
        for code in ["color", "size", "name", "description", "weight", "price", "tags", "bulky", "caf\u{E9}"] where Bool.random(using: &random) {
            attributes[code] = value()
        }
        return Product(
            sku: SKU("A-1")!, family: [nil, "shoes", "boots"].randomElement(using: &random)!, enabled: Bool.random(using: &random),
            categories: Array(["x", "y", "z"].shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))), attributes: attributes
        )
    }

    @Test func changesFromDocumentsAreThoseOfTheDecodedProducts() throws {
        var random = SystemRandomNumberGenerator()
        var changed = 0
        for _ in 0..<2_000 {
            let old = Self.product(&random)
            let new = Bool.random(using: &random) ? Self.product(&random) : old
            let oldJSON = Array(old.canonicalJSON()), newJSON = Array(new.canonicalJSON())
            let expected = try Product.decode(canonicalJSON: Data(newJSON)).fieldChanges(from: Product.decode(canonicalJSON: Data(oldJSON)))
            #expect(try FieldChange.between(old: oldJSON, new: newJSON) == expected, "\(old) -> \(new)")
            if !expected.isEmpty { changed += 1 }
        }
        #expect(changed > 500)
    }

    /// Texts equal under canonical equivalence are no change, though their bytes differ; a
    /// document of another shape is decoded whole.
    @Test func equivalentTextsAreNoChangeAndOtherShapesStillRead() throws {
        let composed = Product(sku: SKU("A")!, attributes: ["name": .text("Gr\u{F6}\u{DF}e"), "price": .price([Money(amount: CanonicalDecimal("1")!, currency: "EUR")])])
        let decomposed = Product(sku: SKU("A")!, attributes: ["name": .text("Gro\u{308}\u{DF}e"), "price": .price([Money(amount: CanonicalDecimal("2")!, currency: "EUR")])])
        #expect(Array(composed.canonicalJSON()) != Array(decomposed.canonicalJSON()))
        let changes = try FieldChange.between(old: Array(composed.canonicalJSON()), new: Array(decomposed.canonicalJSON()))
        #expect(Array(changes.keys) == ["price"])
        let spaced = Array(#"{ "sku": "A", "enabled": true, "categories": [], "attributes": { "name": {"type": "text", "value": "Gr\u00f6\u00dfe"} } }"#.utf8)
        #expect(try FieldChange.between(old: spaced, new: Array(composed.canonicalJSON())) == ["price": FieldChange(old: nil, new: .price([Money(amount: CanonicalDecimal("1")!, currency: "EUR")]))])
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
