public import CatalogCore
public import Foundation

/// The state of a fake Magento install: store views with their locales, products with values
/// per store scope (store id 0 is the global scope), and every write, for assertions.
public struct FakeMagentoStore: Sendable {
    public struct StoreView: Sendable, Hashable {
        public let id: Int
        public let code: String
        /// Magento's form: `de_DE`.
        public let locale: String
        public let active: Bool

        public init(id: Int, code: String, locale: String, active: Bool = true) {
            self.id = id
            self.code = code
            self.locale = locale
            self.active = active
        }
    }

    public struct Product: Sendable, Hashable {
        public let id: Int
        public let sku: String
        /// Attribute values by store id; 0 holds the global values every store view inherits.
        public var values: [Int: [String: String]]
        public var updatedAt: Date
        /// Magento's status: 1 enabled, 2 disabled.
        public var enabled = true
    }

    public struct Write: Sendable, Hashable {
        public let sku: String
        public let store: String
        public let bulk: Bool
    }

    /// Copy attributes, including `name`. Writing one at a store view creates an override there.
    /// Store-view scoped attributes; `catalogd_variant_b` is the custom text attribute a shop
    /// creates (scope: store view) to run catalogd's experiments.
    public static let scopedAttributes: Set<String> = ["name", "description", "short_description", "meta_title", "meta_description", "meta_keyword", "url_key", "catalogd_variant_b"]

    public var storeViews: [StoreView]
    public private(set) var products: [String: Product] = [:]
    public private(set) var writes: [Write] = []
    private var nextID = 1
    /// The time `updated_at` is stamped with: tests set and advance it instead of waiting for
    /// Magento's whole-second timestamps to move on.
    public var clock: any WallClock = SystemWallClock()

    /// The usual install: `default` (en_US) plus the given extra store views.
    public init(storeViews: [StoreView] = [StoreView(id: 1, code: "default", locale: "en_US")]) {
        self.storeViews = storeViews
    }

    public mutating func addProduct(sku: String, name: String, description: String = "", urlKey: String? = nil) {
        products[sku] = Product(
            id: nextID, sku: sku,
            values: [0: ["name": name, "description": description, "url_key": urlKey ?? Self.slug(name)]],
            updatedAt: clock.now()
        )
        nextID += 1
    }

    /// The store id a store code in a REST path addresses; nil for an unknown code.
    public func storeID(_ code: String?) -> Int? {
        switch code {
        case "all": 0
        case nil: storeViews.first { $0.code == "default" }?.id ?? storeViews.first?.id
        case let code?: storeViews.first { $0.code == code }?.id
        }
    }

    /// What a store scope shows: its own value, else the global one.
    public func value(sku: String, attribute: String, store: String) -> String? {
        guard let product = products[sku], let id = storeID(store) else { return nil }
        return product.values[id]?[attribute] ?? product.values[0]?[attribute]
    }

    /// Store codes where the product has its own value for `attribute`.
    public func overrides(sku: String, attribute: String) -> [String] {
        guard let product = products[sku] else { return [] }
        return storeViews.filter { product.values[$0.id]?[attribute] != nil }.map(\.code)
    }

    /// A person editing the product in the admin at a scope.
    public mutating func editInAdmin(sku: String, store: String, attribute: String, value: String) {
        guard let id = storeID(store) else { return }
        products[sku]?.values[id, default: [:]][attribute] = value
        products[sku]?.updatedAt = clock.now()
    }

    /// The product as `GET /V1/products/:sku` shows it at a scope.
    func representation(_ product: Product, store: Int) -> [String: Any] {
        var values = product.values[0] ?? [:]
        values.merge(product.values[store] ?? [:]) { _, scoped in scoped }
        let custom = values.filter { $0.key != "name" }.sorted { $0.key < $1.key }.map { ["attribute_code": $0.key, "value": $0.value] }
        let stamp = Self.timestamp(product.updatedAt)
        return [
            "id": product.id, "sku": product.sku, "name": values["name"] ?? "", "attribute_set_id": 4, "price": 10, "status": product.enabled ? 1 : 2,
            "visibility": 4, "type_id": "simple", "created_at": stamp, "updated_at": stamp, "custom_attributes": custom,
        ]
    }

    /// Saves a product body at a store scope the way the product repository does: unknown SKU
    /// and url_key collisions fail with Magento's messages.
    mutating func save(sku: String, product body: [String: Any], store code: String?, bulk: Bool) -> SaveResult {
        guard var product = products[sku] else { return .notFound }
        guard let store = storeID(code) else { return .unknownStore }
        var changes: [String: String] = [:]
        if let name = body["name"] as? String { changes["name"] = name }
        for attribute in body["custom_attributes"] as? [[String: Any]] ?? [] {
            guard let attributeCode = attribute["attribute_code"] as? String else { continue }
            changes[attributeCode] = attribute["value"].map { "\($0)" } ?? ""
        }
        if let urlKey = changes["url_key"], urlKeyTaken(urlKey, by: sku, store: store) {
            return .urlKeyTaken
        }
        for (attribute, value) in changes {
            // Global-only attributes are always stored at store 0, as in Magento.
            let target = Self.scopedAttributes.contains(attribute) ? store : 0
            product.values[target, default: [:]][attribute] = value
        }
        product.updatedAt = clock.now()
        products[sku] = product
        writes.append(Write(sku: sku, store: code ?? "default", bulk: bulk))
        return .saved(product)
    }

    enum SaveResult { case saved(Product), notFound, unknownStore, urlKeyTaken, missingAttribute(String) }

    /// `POST /V1/products`: a new product needs its attribute set, name and price, as in
    /// Magento; then it is saved like any other.
    mutating func create(product body: [String: Any]) -> SaveResult {
        for required in ["attribute_set_id", "name", "price"] where body[required] == nil {
            return .missingAttribute(required)
        }
        guard let sku = body["sku"] as? String else { return .missingAttribute("sku") }
        if products[sku] == nil {
            products[sku] = Product(id: nextID, sku: sku, values: [0: [:]], updatedAt: clock.now())
            nextID += 1
        }
        products[sku]?.enabled = (body["status"] as? Int ?? 1) != 2
        return save(sku: sku, product: body, store: "all", bulk: false)
    }

    /// url_keys are unique per store view; a global value counts in every view that inherits it.
    private func urlKeyTaken(_ urlKey: String, by sku: String, store: Int) -> Bool {
        let views = store == 0 ? storeViews.map(\.id) : [store]
        return products.values.contains { other in
            other.sku != sku && views.contains { view in (other.values[view]?["url_key"] ?? other.values[0]?["url_key"]) == urlKey }
        }
    }

    /// Magento's `updated_at` form, UTC: `2026-11-29 13:15:12`. Formatting is thread-safe and
    /// the formatter is never mutated after creation.
    nonisolated(unsafe) static let timestampFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }()

    static func timestamp(_ date: Date) -> String {
        timestampFormatter.string(from: date)
    }

    static func slug(_ text: String) -> String {
        text.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }
}

extension FakeMagentoStore {
    /// The shop the daemon tests and benchmarks publish to: the default store view in
    /// English, one German and one French, and a hand-written product per SKU.
    public static func threeStoreViews(skus: [String]) -> FakeMagentoStore {
        var store = FakeMagentoStore(storeViews: [
            .init(id: 1, code: "default", locale: "en_US"), .init(id: 2, code: "de", locale: "de_DE"), .init(id: 3, code: "fr", locale: "fr_FR"),
        ])
        for sku in skus { store.addProduct(sku: sku, name: "Old \(sku)", description: "<p>hand written</p>") }
        return store
    }
}
