public import CatalogCore

extension Product {
    /// A product with the attribute kinds an Akeneo export carries, for generator and store tests.
    public static func fixture(_ sku: String = "TRAIL-RUN-42", name: String = "Trail Runner 42", color: String = "Blue") -> Product {
        Product(
            sku: SKU(sku)!,
            family: "shoes",
            categories: ["running", "outdoor"],
            attributes: [
                "name": .localizedText([LocaleCode("en_US")!: name, LocaleCode("de_DE")!: name]),
                "description": .localizedText([
                    LocaleCode("en_US")!: "Lightweight trail shoe for wet paths.",
                    LocaleCode("de_DE")!: "Leichter Trailschuh für nasse Wege.",
                ]),
                "brand": .text("Northpeak"),
                "color": .text(color),
                "weight": .number(CanonicalDecimal("310")!, unit: "GRAM"),
                "price": .price([Money(amount: CanonicalDecimal("129.95")!, currency: "EUR")]),
                "waterproof": .boolean(true),
            ]
        )
    }
}
