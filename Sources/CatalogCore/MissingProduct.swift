/// What a target says when the shop has no product for a SKU, and how the manual queue's
/// export recognises it: such SKUs go into a file that creates them, not one that updates.
public enum MissingProduct {
    /// `no Magento product has SKU X`, `no Shopify product has a variant with SKU X`; the
    /// target adds why and what to do.
    public static func reason(shop: String, sku: SKU, variant: Bool = false) -> String {
        "no \(shop) product has \(variant ? "a variant with " : "")SKU \(sku)"
    }

    public static func isMissing(_ reason: String) -> Bool {
        reason.range(of: #"^no [A-Za-z]+ product has (a variant with )?SKU "#, options: .regularExpression) != nil
    }
}
