import CatalogCore
import Foundation

/// Google Merchant product data specification fields, shared by the XML and JSON readers:
/// `id` → SKU, `title` → `name`, `description` → `description` (in the feed's language),
/// `price`/`sale_price` → `price`/`special_price`, `image_link` → `image`, `link` → `url`,
/// every other field → an attribute of the same name.
struct MerchantFields {
    let locale: LocaleCode
    var sku: String?
    var attributes: [String: AttributeValue] = [:]
    var rowError: CatalogError?

    init(locale: LocaleCode) {
        self.locale = locale
    }

    /// Records one field; `name` is the specification's snake_case name.
    mutating func set(_ name: String, _ value: String, line: Int) {
        guard !value.isEmpty else { return }
        switch name {
        case "id", "offer_id":
            sku = value
        case "title":
            attributes["name"] = .localizedText([locale: value])
        case "description":
            attributes["description"] = .localizedText([locale: value])
        case "price", "sale_price":
            guard let money = Self.money(value) else {
                rowError = CatalogError(.invalidValue, "\(name) is '\(value)'; expected an amount and a currency such as '15.00 USD'", context: .init(line: line, key: name))
                return
            }
            attributes[name == "price" ? "price" : "special_price"] = .price([money])
        case "image_link":
            attributes["image"] = .media(value)
        case "additional_image_link", "additional_image_links":
            if case .list(let existing) = attributes["additional_images"] {
                attributes["additional_images"] = .normalizedList(existing + [value])
            } else {
                attributes["additional_images"] = .list([value])
            }
        case "link":
            attributes["url"] = .text(value)
        default:
            attributes[name] = .text(value)
        }
    }

    /// The product, or the row error that keeps it out.
    func product(line: Int) -> Result<Product, CatalogError> {
        guard let raw = sku, let sku = SKU(raw) else {
            return .failure(CatalogError(.emptySKU, "the item has no id; every product needs one", context: .init(line: line, key: "id")))
        }
        if var error = rowError {
            error.context.sku = sku.rawValue
            return .failure(error)
        }
        return .success(Product(sku: sku, attributes: attributes))
    }

    /// `15.00 USD` or `USD 15.00`.
    static func money(_ text: String) -> Money? {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 2 else { return nil }
        if let amount = CanonicalDecimal(parts[0]), parts[1].count == 3 { return Money(amount: amount, currency: parts[1]) }
        if let amount = CanonicalDecimal(parts[1]), parts[0].count == 3 { return Money(amount: amount, currency: parts[0]) }
        return nil
    }

    /// `imageLink` → `image_link`: the JSON API's camelCase names to the specification's.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
