public import CatalogCore
import Foundation

/// Settings for one Magento (Adobe Commerce) installation.
public struct MagentoConfiguration: Sendable {
    /// The shop's base URL; requests go to `<baseURL>/rest/<store code>/V1/…`.
    public var baseURL: String
    public var credentials: MagentoCredentials
    /// The catalog's primary locale: its copy is written at the global scope, which every store
    /// view without its own value inherits.
    public var primaryLocale: LocaleCode
    public var conflictPolicy: ConflictPolicy
    /// Write `url_key` from catalogd's handle. Off by default: changing URLs of live products
    /// costs search ranking, so a shop opts in.
    public var manageURLKeys: Bool
    public var timeout: Duration
    /// Create a disabled product for a SKU the shop does not have (default: the manual queue).
    public var createMissing: Bool
    /// The attribute set a created product gets (4 is Magento's Default set).
    public var attributeSetID: Int
    /// Claimed rows for this target at or above this count go through the asynchronous bulk API.
    public var bulkThreshold: Int
    /// How often a bulk's status is polled.
    public var bulkPollInterval: Duration
    /// How long a bulk may stay open before its items are retried later.
    public var bulkTimeout: Duration
    public var name: String
    /// What bulk polls and their deadline are measured on.
    public var time: Timekeeper

    public init(
        baseURL: String, credentials: MagentoCredentials, primaryLocale: LocaleCode, conflictPolicy: ConflictPolicy = .queue,
        manageURLKeys: Bool = false, timeout: Duration = .seconds(30), createMissing: Bool = false, attributeSetID: Int = 4,
        bulkThreshold: Int = 500, bulkPollInterval: Duration = .seconds(1), bulkTimeout: Duration = .seconds(1800), name: String = "magento",
        time: Timekeeper = .continuous
    ) {
        self.time = time
        self.createMissing = createMissing
        self.attributeSetID = attributeSetID
        self.baseURL = baseURL
        self.credentials = credentials
        self.primaryLocale = primaryLocale
        self.conflictPolicy = conflictPolicy
        self.manageURLKeys = manageURLKeys
        self.timeout = timeout
        self.bulkThreshold = bulkThreshold
        self.bulkPollInterval = bulkPollInterval
        self.bulkTimeout = bulkTimeout
        self.name = name
    }
}

/// Publishes copy to Magento through REST V1.
///
/// Scope rules, explicitly: the primary locale's copy is written once at the global scope
/// (store code `all`, store id 0), so every store view inherits it unless it has its own value.
/// Every other locale is written per store view whose configured locale (`general/locale/code`
/// from `store/storeConfigs`) matches it, and such a write creates store-view overrides for the
/// fields it sends (name, description, meta title and description, url_key when managed). A
/// store view in the primary locale is never written, so it keeps inheriting. catalogd never
/// writes through `/rest/V1` or `/rest/default`, which would silently override the default
/// store view. Magento has no place for provenance that exists on every install, so the drift
/// check compares the shop's current values with the hash of the copy the outbox last
/// published there.
public actor MagentoTarget: BatchCommerceTarget, PreviewingTarget {
    public nonisolated let name: String
    public nonisolated let batchThreshold: Int
    let configuration: MagentoConfiguration
    let client: MagentoClient
    private var storeViews: [StoreView]?
    /// Products per search page and SKUs per search; lowered to the server's limit when it
    /// names one (`MagentoTarget+Search`).
    var searchPageSize = 100

    struct StoreView: Hashable, Sendable {
        let code: String
        let locale: String
    }

    public init(configuration: MagentoConfiguration, transport: any HTTPTransport) {
        self.name = configuration.name
        self.batchThreshold = configuration.bulkThreshold
        self.configuration = configuration
        self.client = MagentoClient(baseURL: configuration.baseURL, credentials: configuration.credentials, transport: transport, timeout: configuration.timeout, time: configuration.time)
    }

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        if item.slot == .variantB { return try await publishVariant(item) }
        do {
            let scopes = try await scopes(for: item.copy.locale)
            guard !scopes.isEmpty else { return try await noStoreView(for: item.copy.locale) }
            var writes: [String] = []
            for scope in scopes {
                let current: JSON
                do {
                    current = try await client.send("GET", MagentoAPI.Route.product(item.copy.sku.rawValue), store: scope)
                } catch let error as MagentoError where error.status == 404 && configuration.createMissing {
                    return try await create(item, scope: scope)
                }
                switch decision(for: item, current: current) {
                case .alreadyInShop: continue
                case .stop(let outcome): return outcome
                case .write: writes.append(scope)
                }
            }
            var notes: [String] = []
            for scope in writes {
                if let note = try await write(item, scope: scope) { notes.append(note) }
            }
            return notes.isEmpty ? .published : .publishedWithNote(notes.joined(separator: "; "))
        } catch let error as MagentoError where error.isPermanent {
            return .needsManualHandling(reason: Self.reason(error, sku: item.copy.sku))
        }
    }

    /// A SKU the shop does not have, with `create_missing`: the primary locale's copy creates
    /// it disabled, with price 0, in the configured attribute set (a person sets the price and
    /// enables it); other locales wait for it.
    private func create(_ item: PublishItem, scope: String) async throws -> PublishOutcome {
        guard scope == MagentoAPI.globalScope else {
            throw MagentoError(status: 0, message: "SKU \(item.copy.sku) is not in Magento yet; waiting for its primary-locale copy to create the product")
        }
        let body = Self.createBody(item, urlKey: urlKeyCandidates(item).first ?? nil, attributeSetID: configuration.attributeSetID)
        _ = try await client.send("POST", MagentoAPI.Route.products, store: MagentoAPI.globalScope, body: body)
        return .publishedWithNote("created disabled product \(item.copy.sku) in Magento (attribute set \(configuration.attributeSetID), price 0); set its price and enable it")
    }

    /// Store codes the copy for `locale` is written to.
    func scopes(for locale: LocaleCode) async throws -> [String] {
        if locale == configuration.primaryLocale { return [MagentoAPI.globalScope] }
        let views = try await loadStoreViews()
        let exact = views.filter { Self.locale($0.locale) == locale }
        if !exact.isEmpty { return exact.map(\.code) }
        // catalogd's `de` fills every German store view (de_DE, de_AT, de_CH) unless one of
        // them has copy of its own locale.
        guard !locale.identifier.contains("-") else { return [] }
        return views.filter { Self.locale($0.locale)?.language == locale.language && Self.locale($0.locale) != configuration.primaryLocale }.map(\.code)
    }

    func noStoreView(for locale: LocaleCode) async throws -> PublishOutcome {
        let views = try await loadStoreViews().map { "\($0.code) (\($0.locale))" }.joined(separator: ", ")
        return .needsManualHandling(reason: "no active Magento store view has locale \(locale) (store views: \(views)); set the locale under Stores → Configuration → General → Locale Options or remove it from catalogd's locales")
    }

    func decision(for item: PublishItem, current product: JSON) -> WriteDecision {
        let current = Self.shopCopy(product)
        let drift = ShopCopyDrift(current: current.contentHash, lastPushed: item.lastPushed, proposed: item.copy.contentHash)
        return item.policy(configuration.conflictPolicy).decision(for: drift, copy: item.copy, shop: "Magento", current: current)
    }

    /// The copy fields of a product as a scope shows them.
    static func shopCopy(_ product: JSON) -> ShopCopy {
        let attributes = customAttributes(product)
        return ShopCopy(
            title: product["name"]?.string ?? "", bodyHTML: attributes[MagentoAPI.Attribute.description] ?? "",
            metaTitle: attributes[MagentoAPI.Attribute.metaTitle] ?? "", metaDescription: attributes[MagentoAPI.Attribute.metaDescription] ?? ""
        )
    }

    static let fieldNames = ShopCopy.FieldNames(
        title: "name", body: MagentoAPI.Attribute.description, metaTitle: MagentoAPI.Attribute.metaTitle, metaDescription: MagentoAPI.Attribute.metaDescription
    )

    public func preview(_ item: PublishItem) async throws -> [PublishPreview] {
        do {
            let scopes = try await scopes(for: item.copy.locale)
            guard !scopes.isEmpty else {
                guard case .needsManualHandling(let reason) = try await noStoreView(for: item.copy.locale) else { return [] }
                return [PublishPreview(item, scope: nil, action: .manual, reason: reason)]
            }
            var previews: [PublishPreview] = []
            for scope in scopes {
                let current = try await client.send("GET", MagentoAPI.Route.product(item.copy.sku.rawValue), store: scope)
                previews.append(PublishPreview(item, scope: scope, decision: decision(for: item, current: current), current: Self.shopCopy(current), names: Self.fieldNames))
            }
            return previews
        } catch let error as MagentoError where error.isPermanent {
            return [PublishPreview(item, scope: nil, action: .manual, reason: Self.reason(error, sku: item.copy.sku))]
        }
    }

    /// PUTs the copy at one scope; a url_key collision is resolved by suffixing the SKU, then a
    /// counter, and the resolution is returned as a note.
    private func write(_ item: PublishItem, scope: String) async throws -> String? {
        let candidates = urlKeyCandidates(item)
        for (index, urlKey) in candidates.enumerated() {
            do {
                _ = try await client.send("PUT", MagentoAPI.Route.product(item.copy.sku.rawValue), store: scope, body: Self.body(item, urlKey: urlKey))
                guard index > 0, let urlKey else { return nil }
                return "url_key '\(candidates[0] ?? "")' is taken in store '\(scope)'; used '\(urlKey)'"
            } catch let error as MagentoError where error.status == 400 && error.message == MagentoAPI.urlKeyTaken && index + 1 < candidates.count {
                continue
            }
        }
        return nil
    }

    func urlKeyCandidates(_ item: PublishItem) -> [String?] {
        guard configuration.manageURLKeys, let handle = item.handle, !handle.isEmpty else { return [nil] }
        let skuSlug = Self.slug(item.copy.sku.rawValue)
        return [handle, "\(handle)-\(skuSlug)"] + (2...4).map { "\(handle)-\(skuSlug)-\($0)" }
    }

    /// An experiment's variant B goes into the `catalogd_variant_b` text attribute (create it
    /// in Magento as a store-view scoped text area) as JSON, in the scopes the locale writes to;
    /// the product's own fields stay variant A. The template snippet in samples/ shows it.
    private func publishVariant(_ item: PublishItem) async throws -> PublishOutcome {
        do {
            let scopes = try await scopes(for: item.copy.locale)
            guard !scopes.isEmpty else { return try await noStoreView(for: item.copy.locale) }
            for scope in scopes {
                _ = try await client.send("PUT", MagentoAPI.Route.product(item.copy.sku.rawValue), store: scope, body: Self.variantBody(item))
            }
            return .published
        } catch let error as MagentoError where error.status == 404 {
            return .needsManualHandling(reason: "\(MissingProduct.reason(shop: "Magento", sku: item.copy.sku)); variant B needs the product to exist")
        } catch let error as MagentoError where error.isPermanent {
            return .needsManualHandling(reason: error.message)
        }
    }

    static func variantBody(_ item: PublishItem) -> JSON {
        let variant = VariantCopy(item.copy).json
        let product: JSON = .object([
            "sku": .string(item.copy.sku.rawValue),
            "custom_attributes": .array([.object(["attribute_code": .string(MagentoAPI.Attribute.variantB), "value": .string(variant)])]),
        ])
        return .object(["product": product, "saveOptions": .bool(true)])
    }

    static func body(_ item: PublishItem, urlKey: String?) -> JSON {
        var attributes: [(String, String)] = [
            (MagentoAPI.Attribute.description, item.copy.bodyHTML),
            (MagentoAPI.Attribute.metaTitle, item.copy.metaTitle),
            (MagentoAPI.Attribute.metaDescription, item.copy.metaDescription),
        ]
        if let urlKey { attributes.append((MagentoAPI.Attribute.urlKey, urlKey)) }
        let product: JSON = .object([
            "sku": .string(item.copy.sku.rawValue),
            "name": .string(item.copy.title),
            "custom_attributes": .array(attributes.map { .object(["attribute_code": .string($0.0), "value": .string($0.1)]) }),
        ])
        return .object(["product": product, "saveOptions": .bool(true)])
    }

    /// The PUT body plus what a new simple product needs: attribute set, price 0, disabled,
    /// visible in catalog and search once enabled.
    static func createBody(_ item: PublishItem, urlKey: String?, attributeSetID: Int) -> JSON {
        guard case .object(var body) = body(item, urlKey: urlKey), case .object(var product)? = body["product"] else { return .null }
        product["attribute_set_id"] = .int(attributeSetID)
        product["type_id"] = .string("simple")
        product["price"] = .int(0)
        product["status"] = .int(2)
        product["visibility"] = .int(4)
        body["product"] = .object(product)
        return .object(body)
    }

    /// `catalogctl doctor`: one authenticated call; what the shop reports, or the error.
    public func checkAccess() async throws -> String {
        let views = try await loadStoreViews()
        return "REST V1 answers; store views: " + views.map { "\($0.code) (\($0.locale))" }.joined(separator: ", ")
    }

    func loadStoreViews() async throws -> [StoreView] {
        if let storeViews { return storeViews }
        let views = try await client.send("GET", MagentoAPI.Route.storeViews, store: nil).objects
        let configs = try await client.send("GET", MagentoAPI.Route.storeConfigs, store: nil).objects
        let locales = Dictionary(configs.compactMap { config in config["code"]?.string.map { ($0, config["locale"]?.string ?? "") } }, uniquingKeysWith: { first, _ in first })
        let active = views.compactMap { view -> StoreView? in
            guard let code = view["code"]?.string, code != "admin", (view["is_active"]?.int ?? 1) == 1, let locale = locales[code] else { return nil }
            return StoreView(code: code, locale: locale)
        }
        storeViews = active
        return active
    }

    static func customAttributes(_ product: JSON) -> [String: String] {
        Dictionary(product["custom_attributes"].map(\.objects)?.compactMap { entry in entry["attribute_code"]?.string.map { ($0, entry["value"]?.text ?? "") } } ?? [], uniquingKeysWith: { first, _ in first })
    }

    /// Magento's `de_DE` as catalogd's `de-DE`.
    static func locale(_ magento: String) -> LocaleCode? {
        LocaleCode(magento.replacingOccurrences(of: "_", with: "-"))
    }

    static func slug(_ text: String) -> String {
        text.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    static func reason(_ error: MagentoError, sku: SKU) -> String {
        if error.status == 404 {
            return "\(MissingProduct.reason(shop: "Magento", sku: sku)) (catalogd does not create products unless create_missing is set); create it in Magento or import the exported CSV"
        }
        return "Magento rejected the copy of \(sku): \(error.message)"
    }
}
