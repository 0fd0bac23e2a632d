import CatalogCore
import CatalogGraphQL
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
    public internal(set) var writes: [Write] = []
    var deletions: [(id: String, occurredAt: Date)] = []
    var nextID = 1_000_000

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
    func page(_ all: [ResolvedNode], _ arguments: [String: JSON]) -> ResolvedNode {
        let start = arguments["after"]?.string.flatMap { Int($0.dropFirst("offset:".count)) } ?? 0
        let limit = arguments["first"]?.int ?? 50
        let nodes = Array(all.dropFirst(start).prefix(limit))
        let end = start + nodes.count
        return connection(nodes, hasNext: end < all.count, endCursor: nodes.isEmpty ? nil : "offset:\(end)")
    }

    func connection(_ nodes: [ResolvedNode], hasNext: Bool, endCursor: String? = nil) -> ResolvedNode {
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

    func variantNode(sku: String, product: Product) -> ResolvedNode {
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

    func productNode(_ product: Product) -> ResolvedNode {
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

    func metafieldNode(_ product: Product, namespace: String, key: String) -> ResolvedNode {
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

    func translationNodes(_ product: Product, locale: String) -> [ResolvedNode] {
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

    func translatableResourceNode(_ product: Product) -> ResolvedNode {
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

}
