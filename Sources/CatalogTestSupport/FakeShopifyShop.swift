public import CatalogCore
public import CatalogGraphQL
public import Foundation

/// The state of a fake Shopify shop and the resolvers for the Admin API fields catalogd uses.
/// Mutations validate their input the way Shopify does and answer with userErrors (never a
/// partial write); translations need the digest of the current primary-locale content.
public struct FakeShopifyShop: Sendable {
    public struct Product: Sendable, Hashable {
        public var id: String
        public var title: String
        public var descriptionHtml: String
        public var seoTitle: String?
        public var seoDescription: String?
        public var skus: [String]
        /// `namespace.key` → value.
        public var metafields: [String: String] = [:]
        /// locale → translatable key → value.
        public var translations: [String: [String: String]] = [:]
        public var updatedAt = Date()
        /// ACTIVE, DRAFT or ARCHIVED.
        public var status = "ACTIVE"
        /// Set when written; otherwise derived from the title, as Shopify does on creation.
        public var handle: String?

        /// The translatable keys and their primary-locale values.
        var translatableContent: [(key: String, value: String)] {
            [("title", title), ("body_html", descriptionHtml), ("meta_title", seoTitle ?? ""), ("meta_description", seoDescription ?? "")]
        }
    }

    public struct Locale: Sendable, Hashable {
        public let locale: String
        public let primary: Bool
        public let published: Bool

        public init(_ locale: String, primary: Bool = false, published: Bool = true) {
            self.locale = locale
            self.primary = primary
            self.published = published
        }
    }

    /// One state-changing mutation as it landed, for "no duplicate writes" assertions.
    /// `changed`: whether it left the shop different; a write that did not re-sent what the
    /// shop already held (what a push repeated after a crash may do, and nothing else).
    public struct Write: Sendable, Hashable {
        public let operation: String
        public let productID: String
        public let locale: String?
        public var changed = true
    }

    public var products: [String: Product] = [:]
    public var locales: [Locale]
    public private(set) var writes: [Write] = []
    private var deletions: [(id: String, occurredAt: Date)] = []
    private var nextID = 1_000_000

    public init(locales: [Locale]) {
        self.locales = locales
    }

    var primaryLocale: String { locales.first(where: \.primary)?.locale ?? "en" }

    @discardableResult
    public mutating func addProduct(sku: String, title: String, descriptionHtml: String = "") -> String {
        nextID += 1
        let id = "gid://shopify/Product/\(nextID)"
        products[id] = Product(id: id, title: title, descriptionHtml: descriptionHtml, skus: [sku])
        // Shopify makes the handle from the title when the product is created and keeps it
        // when the title changes.
        products[id]?.handle = title.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
        return id
    }

    public func product(sku: String) -> Product? {
        products.values.first { $0.skus.contains(sku) }
    }

    /// A person deleting the product in the Shopify admin.
    public mutating func deleteInAdmin(sku: String) {
        guard let id = product(sku: sku)?.id else { return }
        products[id] = nil
        deletions.append((id, Date()))
    }

    /// A person editing the product in the Shopify admin.
    public mutating func editInAdmin(sku: String, descriptionHtml: String) {
        guard let id = product(sku: sku)?.id else { return }
        products[id]?.descriptionHtml = descriptionHtml
        products[id]?.updatedAt = Date()
    }

    static func digest(_ value: String) -> String {
        ContentHash(of: Data(value.utf8)).hex
    }

    // MARK: queries

    func resolveQuery(_ field: Field, _ arguments: [String: JSON]) -> ResolvedNode {
        switch field.name {
        case "productVariants":
            let wanted = Self.skuFilters(arguments["query"]?.string ?? "")
            var variants: [ResolvedNode] = []
            for product in products.values.sorted(by: { $0.id < $1.id }) {
                for sku in product.skus where wanted == nil || wanted!.contains(sku) {
                    variants.append(variantNode(sku: sku, product: product))
                }
            }
            return page(variants, arguments)
        case "products":
            var all = products.values.sorted { $0.id < $1.id }
            if arguments["sortKey"]?.string == "UPDATED_AT" { all.sort { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) } }
            if let since = Self.timeFilter(arguments["query"]?.string ?? "", field: "updated_at") {
                all = all.filter { $0.updatedAt >= since }
            }
            return page(all.map(productNode), arguments)
        case "deletionEvents":
            var events = deletions
            if let since = Self.timeFilter(arguments["query"]?.string ?? "", field: "occurred_at") {
                events = events.filter { $0.occurredAt >= since }
            }
            return page(events.map { event in
                .object("DeletionEvent") { field, _ in
                    switch field.name {
                    case "subjectId": .value(.string(event.id))
                    case "occurredAt": .value(.string(Self.timestamp(event.occurredAt)))
                    case "subjectType": .value(.string("PRODUCT"))
                    default: .value(.null)
                    }
                }
            }, arguments)
        case "shopLocales":
            return .list(locales.map { locale in
                .object("ShopLocale") { field, _ in
                    switch field.name {
                    case "locale": .value(.string(locale.locale))
                    case "name": .value(.string(locale.locale))
                    case "primary": .value(.bool(locale.primary))
                    case "published": .value(.bool(locale.published))
                    default: .value(.null)
                    }
                }
            })
        case "translatableResource":
            guard let product = products[arguments["resourceId"]?.string ?? ""] else { return .value(.null) }
            return translatableResourceNode(product)
        default:
            return .value(.null)
        }
    }

    /// Terms joined by Shopify's `OR` (`sku:"A" OR sku:"B"`); nil when the query is not one.
    static func skuFilters(_ query: String) -> Set<String>? {
        var terms: [String] = []
        var current = ""
        var quoted = false
        var index = query.startIndex
        while index < query.endIndex {
            let character = query[index]
            if character == "\\", quoted, query.index(after: index) < query.endIndex {
                current += String(query[index...query.index(after: index)])
                index = query.index(index, offsetBy: 2)
                continue
            }
            if character == "\"" { quoted.toggle() }
            if !quoted, query[index...].hasPrefix(" OR ") {
                terms.append(current)
                current = ""
                index = query.index(index, offsetBy: 4)
                continue
            }
            current.append(character)
            index = query.index(after: index)
        }
        terms.append(current)
        let values = terms.map(skuFilter)
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return Set(values.compactMap { $0 })
    }

    /// Shopify search syntax as catalogd uses it: `sku:"VALUE"` or `sku:VALUE`.
    static func skuFilter(_ query: String) -> String? {
        guard query.hasPrefix("sku:") else { return nil }
        var value = String(query.dropFirst(4))
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
            value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        return value
    }

    /// Shopify search syntax for times: `updated_at:>='2026-11-29T13:00:00Z'` (also `>`).
    static func timeFilter(_ query: String, field: String) -> Date? {
        guard query.hasPrefix("\(field):>") else { return nil }
        var value = query.dropFirst(field.count + 2)
        if value.hasPrefix("=") { value = value.dropFirst() }
        let text = value.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        return ISO8601DateFormatter().date(from: text)
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// One page of a connection: `first` nodes after the `after` cursor (an offset here).
    private func page(_ all: [ResolvedNode], _ arguments: [String: JSON]) -> ResolvedNode {
        let start = arguments["after"]?.string.flatMap { Int($0.dropFirst("offset:".count)) } ?? 0
        let limit = arguments["first"]?.int ?? 50
        let nodes = Array(all.dropFirst(start).prefix(limit))
        let end = start + nodes.count
        return connection(nodes, hasNext: end < all.count, endCursor: nodes.isEmpty ? nil : "offset:\(end)")
    }

    private func connection(_ nodes: [ResolvedNode], hasNext: Bool, endCursor: String? = nil) -> ResolvedNode {
        .object("Connection") { field, _ in
            switch field.name {
            case "nodes": .list(nodes)
            case "edges":
                .list(nodes.enumerated().map { index, node in
                    .object("Edge") { edge, _ in
                        edge.name == "node" ? node : edge.name == "cursor" ? .value(.string("offset:\(index + 1)")) : .value(.null)
                    }
                })
            case "pageInfo":
                .object("PageInfo") { info, _ in
                    switch info.name {
                    case "hasNextPage": .value(.bool(hasNext))
                    case "hasPreviousPage": .value(.bool(false))
                    case "endCursor": .value(endCursor.map(JSON.string) ?? .null)
                    default: .value(.null)
                    }
                }
            default: .value(.null)
            }
        }
    }

    private func variantNode(sku: String, product: Product) -> ResolvedNode {
        .object("ProductVariant") { field, _ in
            switch field.name {
            case "id": .value(.string(product.id.replacingOccurrences(of: "Product", with: "ProductVariant") + "1"))
            case "sku": .value(.string(sku))
            case "product": productNode(product)
            case "selectedOptions":
                // One variant per product here: Shopify's default option.
                .list([.object("SelectedOption") { option, _ in .value(.string(option.name == "name" ? "Title" : "Default Title")) }])
            default: .value(.null)
            }
        }
    }

    private func productNode(_ product: Product) -> ResolvedNode {
        .object("Product") { field, arguments in
            switch field.name {
            case "id": .value(.string(product.id))
            case "title": .value(.string(product.title))
            case "handle": .value(.string(product.handle ?? product.title.lowercased().replacingOccurrences(of: " ", with: "-")))
            case "descriptionHtml": .value(.string(product.descriptionHtml))
            case "status": .value(.string(product.status))
            case "updatedAt": .value(.string(Self.timestamp(product.updatedAt)))
            case "seo":
                .object("SEO") { seo, _ in
                    seo.name == "title" ? .value(product.seoTitle.map(JSON.string) ?? .null) : .value(product.seoDescription.map(JSON.string) ?? .null)
                }
            case "metafield":
                metafieldNode(product, namespace: arguments["namespace"]?.string ?? "$app", key: arguments["key"]?.string ?? "")
            case "translations":
                .list(translationNodes(product, locale: arguments["locale"]?.string ?? ""))
            case "variants":
                connection(product.skus.map { variantNode(sku: $0, product: product) }, hasNext: false)
            default: .value(.null)
            }
        }
    }

    private func metafieldNode(_ product: Product, namespace: String, key: String) -> ResolvedNode {
        guard let value = product.metafields["\(namespace).\(key)"] else { return .value(.null) }
        return .object("Metafield") { field, _ in
            switch field.name {
            case "namespace": .value(.string(namespace))
            case "key": .value(.string(key))
            case "value": .value(.string(value))
            case "type": .value(.string("json"))
            case "compareDigest": .value(.string(Self.digest(value)))
            default: .value(.null)
            }
        }
    }

    private func translationNodes(_ product: Product, locale: String) -> [ResolvedNode] {
        let current = Dictionary(product.translatableContent.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return (product.translations[locale] ?? [:]).sorted { $0.key < $1.key }.map { key, entry in
            .object("Translation") { field, _ in
                switch field.name {
                case "key": .value(.string(key))
                case "locale": .value(.string(locale))
                case "value": .value(.string(Self.translationValue(entry)))
                case "outdated": .value(.bool(Self.translationDigest(entry) != Self.digest(current[key] ?? "")))
                default: .value(.null)
                }
            }
        }
    }

    private func translatableResourceNode(_ product: Product) -> ResolvedNode {
        .object("TranslatableResource") { field, arguments in
            switch field.name {
            case "resourceId": .value(.string(product.id))
            case "translatableContent":
                .list(product.translatableContent.map { key, value in
                    .object("TranslatableContent") { content, _ in
                        switch content.name {
                        case "key": .value(.string(key))
                        case "value": .value(.string(value))
                        // Shopify gives no digest for empty content: there is nothing to translate.
                        case "digest": value.isEmpty ? .value(.null) : .value(.string(Self.digest(value)))
                        case "locale": .value(.string(primaryLocale))
                        case "type": .value(.string(key == "body_html" ? "HTML" : "STRING"))
                        default: .value(.null)
                        }
                    }
                })
            case "translations":
                .list(translationNodes(product, locale: arguments["locale"]?.string ?? ""))
            default: .value(.null)
            }
        }
    }

    // Translations are stored with the digest they were registered against: "digest\u{1F}value".
    static func translationValue(_ entry: String) -> String { String(entry.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false).last ?? "") }
    static func translationDigest(_ entry: String) -> String { String(entry.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }

    /// The current value of a translated field (nil when none is registered).
    public func translation(sku: String, locale: String, key: String) -> String? {
        product(sku: sku)?.translations[locale]?[key].map(Self.translationValue)
    }

    // MARK: mutations

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

    private mutating func productUpdate(_ input: JSON) -> ResolvedNode {
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
    private mutating func productSet(_ input: JSON) -> ResolvedNode {
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

    private mutating func metafieldsSet(_ inputs: [JSON]) -> ResolvedNode {
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

    private mutating func translationsRegister(resourceID: String, translations: [JSON]) -> ResolvedNode {
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

/// A resolved GraphQL value whose object fields are computed on demand, so a response holds
/// exactly what the request selected.
indirect enum ResolvedNode: Sendable {
    case value(JSON)
    case list([ResolvedNode])
    case object(String, @Sendable (Field, [String: JSON]) -> ResolvedNode)

    func project(_ selections: [Selection], request: ValidatedRequest) -> JSON {
        switch self {
        case .value(let json):
            return json
        case .list(let items):
            return .array(items.map { $0.project(selections, request: request) })
        case .object(let typeName, let resolve):
            var result: [String: JSON] = [:]
            collect(selections, request: request) { field in
                if field.name == "__typename" {
                    result[field.responseKey] = .string(typeName)
                } else {
                    result[field.responseKey] = resolve(field, field.argumentValues(request.variables)).project(field.selections, request: request)
                }
            }
            return .object(result)
        }
    }

    private func collect(_ selections: [Selection], request: ValidatedRequest, _ body: (Field) -> Void) {
        for selection in selections {
            switch selection {
            case .field(let field): body(field)
            case .inlineFragment(_, let children): collect(children, request: request, body)
            case .fragmentSpread(let name): collect(request.fragments[name]?.selections ?? [], request: request, body)
            }
        }
    }
}
