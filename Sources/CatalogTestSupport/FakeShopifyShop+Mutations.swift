import CatalogCore
import CatalogGraphQL
import Foundation

/// The mutations the fake answers, each as Shopify's documentation describes it: userErrors for
/// what the real shop refuses, the product's state changed only when there are none.
extension FakeShopifyShop {
    mutating func resolveMutation(_ field: Field, _ arguments: [String: JSON]) -> ResolvedNode {
        switch field.name {
        case "productUpdate": productUpdate(arguments["product"] ?? .null)
        case "productSet": productSet(arguments["input"] ?? .null)
        case "metafieldsSet": metafieldsSet(arguments["metafields"]?.array ?? [])
        case "translationsRegister": translationsRegister(resourceID: arguments["resourceId"]?.string ?? "", translations: arguments["translations"]?.array ?? [])
        default: .value(.null)
        }
    }

    /// A mutation payload: `userErrors` rendered as Shopify does, other fields from `extra`.
    func payload(_ type: String, userErrors: [(field: [String]?, message: String, code: String?)], extra: [String: ResolvedNode] = [:]) -> ResolvedNode {
        .object(type) { field, _ in
            if field.name == "userErrors" {
                return .list(userErrors.map { error in
                    .object("UserError") { errorField, _ in
                        switch errorField.name {
                        case "field": .value(error.field.map { .array($0.map(JSON.string)) } ?? .null)
                        case "message": .value(.string(error.message))
                        case "code": .value(error.code.map(JSON.string) ?? .null)
                        default: .value(.null)
                        }
                    }
                })
            }
            return extra[field.name] ?? .value(.null)
        }
    }

    mutating func productUpdate(_ input: JSON) -> ResolvedNode {
        guard let id = input["id"]?.string, var product = products[id] else {
            return payload("ProductUpdatePayload", userErrors: [(["id"], "Product does not exist", nil)])
        }
        var errors: [(field: [String]?, message: String, code: String?)] = []
        if let title = input["title"]?.string {
            if title.trimmingCharacters(in: .whitespaces).isEmpty { errors.append((["title"], "Title can't be blank", nil)) }
            if title.count > 255 { errors.append((["title"], "Title is too long (maximum is 255 characters)", nil)) }
            product.title = title
        }
        if let html = input["descriptionHtml"]?.string { product.descriptionHtml = html }
        if let handle = input["handle"]?.string {
            if products.values.contains(where: { $0.id != id && $0.handle == handle }) {
                errors.append((["handle"], "Handle '\(handle)' already in use. Please provide a new handle.", nil))
            }
            product.handle = handle
        }
        if let seo = input["seo"] {
            if let title = seo["title"] { product.seoTitle = title.string }
            if let description = seo["description"] { product.seoDescription = description.string }
        }
        for (index, metafield) in (input["metafields"]?.array ?? []).enumerated() {
            if let problem = Self.metafieldProblem(metafield) {
                errors.append((["metafields", "\(index)", problem.field], problem.message, nil))
            } else {
                product.metafields["\(metafield["namespace"]?.string ?? "$app").\(metafield["key"]?.string ?? "")"] = metafield["value"]?.string
            }
        }
        guard errors.isEmpty else { return payload("ProductUpdatePayload", userErrors: errors) }
        let changed = products[id] != product
        product.updatedAt = Date()
        products[id] = product
        writes.append(Write(operation: "productUpdate", productID: id, locale: primaryLocale, changed: changed))
        return payload("ProductUpdatePayload", userErrors: [], extra: ["product": productNode(product)])
    }

    /// productSet as catalogd uses it: creating a product with one variant per SKU. Variants
    /// need the product's options, as in Shopify.
    mutating func productSet(_ input: JSON) -> ResolvedNode {
        let variants = input["variants"]?.array ?? []
        let options = input["productOptions"]?.array ?? []
        if !variants.isEmpty, options.isEmpty {
            return payload("ProductSetPayload", userErrors: [(["input", "productOptions"], "Product options input is required when updating variants", nil)])
        }
        let optionNames = Set(options.compactMap { $0["name"]?.string })
        for (index, variant) in variants.enumerated() where !(variant["optionValues"]?.array ?? []).allSatisfy({ optionNames.contains($0["optionName"]?.string ?? "") }) {
            return payload("ProductSetPayload", userErrors: [(["input", "variants", "\(index)", "optionValues"], "Option does not exist", nil)])
        }
        guard let title = input["title"]?.string, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            return payload("ProductSetPayload", userErrors: [(["input", "title"], "Title can't be blank", nil)])
        }
        let skus = variants.compactMap { $0["sku"]?.string }
        if let taken = skus.first(where: { product(sku: $0) != nil }) {
            return payload("ProductSetPayload", userErrors: [(["input", "variants"], "SKU \(taken) is already used by another variant", nil)])
        }
        let id = addProduct(sku: skus.first ?? "", title: title, descriptionHtml: input["descriptionHtml"]?.string ?? "")
        products[id]?.skus = skus
        products[id]?.seoTitle = input["seo"]?["title"]?.string
        products[id]?.seoDescription = input["seo"]?["description"]?.string
        products[id]?.status = input["status"]?.string ?? "ACTIVE"
        if let handle = input["handle"]?.string { products[id]?.handle = handle }
        for metafield in input["metafields"]?.array ?? [] {
            products[id]?.metafields["\(metafield["namespace"]?.string ?? "$app").\(metafield["key"]?.string ?? "")"] = metafield["value"]?.string
        }
        writes.append(Write(operation: "productSet", productID: id, locale: primaryLocale))
        return payload("ProductSetPayload", userErrors: [], extra: ["product": productNode(products[id]!)])
    }

    static func metafieldProblem(_ metafield: JSON) -> (field: String, message: String)? {
        let key = metafield["key"]?.string ?? ""
        if key.count < 2 { return ("key", "Key is too short (minimum is 2 characters)") }
        if key.count > 64 { return ("key", "Key is too long (maximum is 64 characters)") }
        if key.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
            return ("key", "Key contains one or more invalid characters.")
        }
        let value = metafield["value"]?.string ?? ""
        if metafield["type"]?.string == "json", (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed])) == nil {
            return ("value", "Value is invalid JSON.")
        }
        return nil
    }

    mutating func metafieldsSet(_ inputs: [JSON]) -> ResolvedNode {
        guard inputs.count <= 25 else {
            return payload("MetafieldsSetPayload", userErrors: [(["metafields"], "Exceeded the maximum metafields input limit of 25.", "LESS_THAN_OR_EQUAL_TO")])
        }
        var errors: [(field: [String]?, message: String, code: String?)] = []
        for (index, input) in inputs.enumerated() {
            if products[input["ownerId"]?.string ?? ""] == nil {
                errors.append((["metafields", "\(index)", "ownerId"], "Owner does not exist.", "INVALID_VALUE"))
            } else if let problem = Self.metafieldProblem(input) {
                errors.append((["metafields", "\(index)", problem.field], problem.message, "INVALID_VALUE"))
            }
        }
        // metafieldsSet is atomic: one bad input and nothing is written.
        guard errors.isEmpty else { return payload("MetafieldsSetPayload", userErrors: errors) }
        for input in inputs {
            let owner = input["ownerId"]?.string ?? ""
            let key = "\(input["namespace"]?.string ?? "$app").\(input["key"]?.string ?? "")"
            let changed = products[owner]?.metafields[key] != input["value"]?.string
            products[owner]?.metafields[key] = input["value"]?.string
            writes.append(Write(operation: "metafieldsSet", productID: owner, locale: nil, changed: changed))
        }
        return payload("MetafieldsSetPayload", userErrors: [])
    }

    mutating func translationsRegister(resourceID: String, translations: [JSON]) -> ResolvedNode {
        guard let product = products[resourceID] else {
            return payload("TranslationsRegisterPayload", userErrors: [(["resourceId"], "Resource does not exist", "RESOURCE_NOT_FOUND")])
        }
        let content = Dictionary(product.translatableContent.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let shopLocales = Set(locales.filter { $0.published && !$0.primary }.map(\.locale))
        var errors: [(field: [String]?, message: String, code: String?)] = []
        for (index, translation) in translations.enumerated() {
            let path = ["translations", "\(index)"]
            let key = translation["key"]?.string ?? ""
            let locale = translation["locale"]?.string ?? ""
            if !shopLocales.contains(locale) {
                errors.append((path + ["locale"], "Locale is not a valid locale for the shop", "INVALID_LOCALE_FOR_SHOP"))
            } else if content[key] == nil {
                errors.append((path + ["key"], "Key \(key) is not a valid translatable field", "INVALID_KEY_FOR_MODEL"))
            } else if translation["translatableContentDigest"]?.string != Self.digest(content[key] ?? "") {
                errors.append((path + ["translatableContentDigest"], "Translatable content hash is invalid", "INVALID_TRANSLATABLE_CONTENT"))
            } else if (translation["value"]?.string ?? "").isEmpty {
                errors.append((path + ["value"], "Value can't be blank", "BLANK"))
            }
        }
        guard errors.isEmpty else { return payload("TranslationsRegisterPayload", userErrors: errors) }
        let previous = product.translations
        for translation in translations {
            let locale = translation["locale"]?.string ?? ""
            let key = translation["key"]?.string ?? ""
            products[resourceID]?.translations[locale, default: [:]][key] = Self.digest(content[key] ?? "") + "\u{1F}" + (translation["value"]?.string ?? "")
        }
        for locale in Set(translations.compactMap { $0["locale"]?.string }).sorted() {
            let changed = products[resourceID]?.translations[locale] != previous[locale]
            writes.append(Write(operation: "translationsRegister", productID: resourceID, locale: locale, changed: changed))
        }
        return payload("TranslationsRegisterPayload", userErrors: [])
    }
}
