public import CatalogCore
import Foundation

/// Settings for one Shopify shop.
public struct ShopifyConfiguration: Sendable {
    /// `https://STORE.myshopify.com` (or a loopback fake in tests).
    public var shopURL: String
    public var accessToken: String
    public var conflictPolicy: ConflictPolicy
    public var timeout: Duration
    /// Create a draft product for a SKU the shop does not have (default: the manual queue).
    public var createMissing: Bool
    /// Write catalogd's handle to the product (default: leave the shop's handle alone).
    public var manageHandles: Bool
    /// Claimed rows at or above this count go through a bulk operation.
    public var bulkThreshold: Int
    /// How often a running bulk operation is polled.
    public var bulkPollInterval: Duration
    /// How long a bulk operation may run before its items are retried later.
    public var bulkTimeout: Duration
    /// The target name outbox rows carry.
    public var name: String
    /// What bulk polls and their deadline are measured on.
    public var time: Timekeeper

    public init(
        shopURL: String, accessToken: String, conflictPolicy: ConflictPolicy = .queue, timeout: Duration = .seconds(30),
        createMissing: Bool = false, manageHandles: Bool = false, bulkThreshold: Int = 500, bulkPollInterval: Duration = .seconds(1),
        bulkTimeout: Duration = .seconds(1800), name: String = "shopify", time: Timekeeper = .continuous
    ) {
        self.time = time
        self.createMissing = createMissing
        self.manageHandles = manageHandles
        self.shopURL = shopURL
        self.accessToken = accessToken
        self.conflictPolicy = conflictPolicy
        self.timeout = timeout
        self.bulkThreshold = bulkThreshold
        self.bulkPollInterval = bulkPollInterval
        self.bulkTimeout = bulkTimeout
        self.name = name
    }
}

/// Publishes copy to a Shopify shop through the Admin GraphQL API at the pinned version.
///
/// The shop's primary locale is written with `productUpdate` (title, descriptionHtml, SEO) with
/// the provenance metafield in the same call; other locales go through `translationsRegister`
/// with the digests `translatableResource` reports, followed by the provenance metafield. The
/// provenance (`catalogd.copy_<locale>`: content hash and generator) is what the drift check
/// compares against, so a person's edit in the shop is never overwritten silently, and a push
/// repeated after a crash finds its copy already there and writes nothing.
public actor ShopifyTarget: PreviewingTarget {
    public nonisolated let name: String
    public nonisolated let batchThreshold: Int
    let bulkPollInterval: Duration
    let bulkTimeout: Duration
    let time: Timekeeper
    let client: ShopifyClient
    let conflictPolicy: ConflictPolicy
    let createMissing: Bool
    let manageHandles: Bool
    private var locales: [ShopLocale]?
    /// Set once Shopify answers with another API version: no further writes until restart.
    var versionLock: String?

    public init(configuration: ShopifyConfiguration, transport: any HTTPTransport) {
        self.name = configuration.name
        self.batchThreshold = configuration.bulkThreshold
        self.bulkPollInterval = configuration.bulkPollInterval
        self.bulkTimeout = configuration.bulkTimeout
        self.time = configuration.time
        self.conflictPolicy = configuration.conflictPolicy
        self.createMissing = configuration.createMissing
        self.manageHandles = configuration.manageHandles
        self.client = ShopifyClient(
            shopURL: configuration.shopURL, accessToken: configuration.accessToken,
            transport: transport, bucket: CostBucket(time: configuration.time), timeout: configuration.timeout
        )
    }

    /// Reads of the product after a write that may have landed, before the outbox's retry.
    static let readBacks = 2

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        if let versionLock { return .needsManualHandling(reason: versionLock) }
        do {
            if item.slot == .variantB { return try await pushVariant(item.copy) }
            // After an ambiguous write the push starts again from reading the product: the
            // drift check finds the copy already there (and records its provenance if that is
            // what did not land) or sends the write again.
            var readBacks = 0
            while true {
                do {
                    return try await push(item.copy, handle: item.handle, policy: item.policy(conflictPolicy))
                } catch let error as ShopifyError where error.code == .ambiguousWrite && readBacks < Self.readBacks {
                    readBacks += 1
                }
            }
        } catch let error as ShopifyError where error.code == .versionMismatch {
            versionLock = error.message
            return .needsManualHandling(reason: error.message)
        } catch let error as ShopifyError where error.isPermanent {
            return .needsManualHandling(reason: error.message)
        }
    }

    /// The product and locale an item addresses, and what the shop shows there now.
    private struct Located {
        let locale: ShopLocale
        let productID: String
        let lastPushed: Provenance?
        let current: ShopCopy
        /// For a non-primary locale: the translatable resource with Shopify's digests.
        let resource: TranslatableProduct.Resource?

        var provenanceKey: String { "copy_\(locale.locale)" }
    }

    /// Finds the product by variant SKU and reads its current copy in the item's locale, or
    /// says why the item needs a person.
    private enum Lookup {
        case found(Located)
        /// No product has a variant with the SKU; `primary` says whether the item is in the
        /// shop's primary locale (the one a new product would be created with).
        case notFound(primary: Bool)
        case unpublishable(String)
    }

    private static let notFoundReason = "(catalogd does not create products unless create_missing is set); create it in Shopify or import the exported CSV"

    private func locate(_ copy: GeneratedCopy) async throws -> Lookup {
        let shopLocales = try await shopLocales()
        guard let locale = Self.match(copy.locale, in: shopLocales) else {
            let enabled = shopLocales.filter(\.published).map(\.locale).joined(separator: ", ")
            return .unpublishable("locale \(copy.locale) is not published in the Shopify shop (published: \(enabled)); add it under Settings → Languages or remove it from catalogd's locales")
        }
        let found = try await client.execute(
            ShopifyAPI.productBySKU, operation: "ProductBySKU",
            variables: ["query": "sku:\(Self.quoted(copy.sku.rawValue))", "namespace": ShopifyAPI.metafieldNamespace, "key": "copy_\(locale.locale)"],
            as: ProductBySKU.self
        )
        let products = Dictionary(found.productVariants.nodes.filter { $0.sku == copy.sku.rawValue }.map { ($0.product.id, $0.product) }, uniquingKeysWith: { first, _ in first })
        guard let product = products.values.first else { return .notFound(primary: locale.primary) }
        guard products.count == 1 else {
            return .unpublishable("SKU \(copy.sku) belongs to \(products.count) Shopify products (\(products.keys.sorted().joined(separator: ", "))); make it unique")
        }
        let lastPushed = product.provenance.flatMap { Provenance(json: $0.value) }
        if locale.primary {
            let current = ShopCopy(title: product.title, bodyHTML: product.descriptionHtml, metaTitle: product.seo.title ?? "", metaDescription: product.seo.description ?? "")
            return .found(Located(locale: locale, productID: product.id, lastPushed: lastPushed, current: current, resource: nil))
        }
        let resource = try await client.execute(
            ShopifyAPI.translatableProduct, operation: "TranslatableProduct",
            variables: ["resourceId": product.id, "locale": locale.locale],
            as: TranslatableProduct.self
        ).translatableResource
        guard let resource else {
            return .unpublishable("Shopify has no translatable resource for product \(product.id)")
        }
        let translated = Dictionary(resource.translations.map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        let current = ShopCopy(
            title: translated["title"] ?? "", bodyHTML: translated["body_html"] ?? "",
            metaTitle: translated["meta_title"] ?? "", metaDescription: translated["meta_description"] ?? ""
        )
        return .found(Located(locale: locale, productID: product.id, lastPushed: lastPushed, current: current, resource: resource))
    }

    private func push(_ copy: GeneratedCopy, handle: String?, policy: ConflictPolicy) async throws -> PublishOutcome {
        let found: Located
        switch try await locate(copy) {
        case .unpublishable(let reason): return .needsManualHandling(reason: reason)
        case .notFound(let primary): return try await createMissing(copy, handle: handle, primary: primary)
        case .found(let located): found = located
        }
        let drift = ShopCopyDrift(current: found.current.contentHash, lastPushed: found.lastPushed?.content, proposed: copy.contentHash)
        return try await write(copy, drift: drift, provenance: found.lastPushed, current: found.current, policy: policy) {
            if let resource = found.resource {
                return try await self.registerTranslations(copy, resource: resource, locale: found.locale.locale)
            }
            return try await self.updatePrimary(copy, productID: found.productID, provenanceKey: found.provenanceKey, handle: handle)
        } recordProvenance: {
            try await self.setProvenance(copy, productID: found.productID, key: found.provenanceKey)
        }
    }

    /// A SKU the shop does not have: a person's job by default; with `create_missing`, the
    /// primary locale's copy creates a draft product with one variant carrying the SKU (a
    /// person sets its price and publishes it), and other locales wait for it.
    private func createMissing(_ copy: GeneratedCopy, handle: String?, primary: Bool) async throws -> PublishOutcome {
        guard createMissing else {
            return .needsManualHandling(reason: "\(MissingProduct.reason(shop: "Shopify", sku: copy.sku, variant: true)) \(Self.notFoundReason)")
        }
        guard primary else {
            throw ShopifyError(code: .waitingForPrimary, message: "SKU \(copy.sku) is not in Shopify yet; waiting for its primary-locale copy to create the product")
        }
        let locales = try await shopLocales()
        let key = "copy_\(locales.first(where: \.primary)?.locale ?? copy.locale.identifier)"
        var input: [String: Any] = [
            "title": copy.title,
            "descriptionHtml": copy.bodyHTML,
            "seo": ["title": copy.metaTitle, "description": copy.metaDescription],
            "status": "DRAFT",
            "productOptions": [["name": "Title", "values": [["name": "Default Title"]]]],
            "variants": [["optionValues": [["optionName": "Title", "name": "Default Title"]], "sku": copy.sku.rawValue]],
            "metafields": [Provenance(copy).metafield(key: key)],
        ]
        if let handle, manageHandles { input["handle"] = handle }
        let result = try await client.execute(ShopifyAPI.createProduct, operation: "CreateProduct", variables: ["input": input], as: ProductSetResult.self)
        if let reason = Self.reason(result.productSet?.userErrors.map { ($0.field, $0.message) }, what: "productSet") {
            return .needsManualHandling(reason: reason)
        }
        return .publishedWithNote("created draft product \(result.productSet?.product?.id ?? "?") for SKU \(copy.sku); set its price and publish it in Shopify")
    }

    /// Shopify's names for the copy fields: the product's, or the translation keys.
    static let primaryFields = ShopCopy.FieldNames(title: "title", body: "descriptionHtml", metaTitle: "seo.title", metaDescription: "seo.description")
    static let translationFields = ShopCopy.FieldNames(title: "title", body: "body_html", metaTitle: "meta_title", metaDescription: "meta_description")

    /// `catalogctl doctor`: one authenticated call; what the shop reports, or the error.
    public func checkAccess() async throws -> String {
        let locales = try await shopLocales()
        let published = locales.filter(\.published).map { $0.primary ? "\($0.locale) (primary)" : $0.locale }
        return "Admin API \(ShopifyAPI.pinnedVersion) answers; published locales: \(published.joined(separator: ", "))"
    }

    public func preview(_ item: PublishItem) async throws -> [PublishPreview] {
        if let versionLock { return [PublishPreview(item, scope: nil, action: .manual, reason: versionLock)] }
        do {
            switch try await locate(item.copy) {
            case .unpublishable(let reason):
                return [PublishPreview(item, scope: nil, action: .manual, reason: reason)]
            case .notFound(let primary) where createMissing && primary:
                let empty = ShopCopy(title: "", bodyHTML: "", metaTitle: "", metaDescription: "")
                return [PublishPreview(item, scope: "new draft product", action: .write, changes: empty.changes(to: item.copy, names: Self.primaryFields))]
            case .notFound:
                return [PublishPreview(item, scope: nil, action: .manual, reason: "no Shopify product has a variant with SKU \(item.copy.sku) \(Self.notFoundReason)")]
            case .found(let found):
                let drift = ShopCopyDrift(current: found.current.contentHash, lastPushed: found.lastPushed?.content, proposed: item.copy.contentHash)
                let decision = item.policy(conflictPolicy).decision(for: drift, copy: item.copy, shop: "Shopify", current: found.current)
                return [PublishPreview(item, scope: found.locale.locale, decision: decision, current: found.current, names: found.resource == nil ? Self.primaryFields : Self.translationFields)]
            }
        } catch let error as ShopifyError where error.isPermanent {
            return [PublishPreview(item, scope: nil, action: .manual, reason: error.message)]
        }
    }

    /// Applies the drift decision and the conflict policy around one write.
    private func write(
        _ copy: GeneratedCopy, drift: ShopCopyDrift, provenance: Provenance?, current: ShopCopy, policy: ConflictPolicy,
        perform: () async throws -> String?, recordProvenance: () async throws -> String?
    ) async throws -> PublishOutcome {
        switch policy.decision(for: drift, copy: copy, shop: "Shopify", current: current) {
        case .alreadyInShop:
            // Written before a crash, or by a person to the same text: record it as ours.
            guard provenance?.content != copy.contentHash else { return .published }
            return try await recordProvenance().map { .needsManualHandling(reason: $0) } ?? .published
        case .stop(let outcome):
            return outcome
        case .write:
            return try await perform().map { .needsManualHandling(reason: $0) } ?? .published
        }
    }

    /// Returns Shopify's user errors as a reason, or nil when the write landed.
    /// `ProductUpdateInput` for the primary locale's copy with its provenance metafield.
    /// `handle` is written only when the target manages handles (changing a live product's
    /// URL costs search ranking, so a shop opts in).
    static func productInput(_ copy: GeneratedCopy, productID: String, provenanceKey: String, handle: String? = nil) -> [String: Any] {
        var input: [String: Any] = [
            "id": productID,
            "title": copy.title,
            "descriptionHtml": copy.bodyHTML,
            "seo": ["title": copy.metaTitle, "description": copy.metaDescription],
            "metafields": [Provenance(copy).metafield(key: provenanceKey)],
        ]
        if let handle, !handle.isEmpty { input["handle"] = handle }
        return input
    }

    private func updatePrimary(_ copy: GeneratedCopy, productID: String, provenanceKey: String, handle: String?) async throws -> String? {
        let product = Self.productInput(copy, productID: productID, provenanceKey: provenanceKey, handle: manageHandles ? handle : nil)
        let result = try await client.execute(ShopifyAPI.productUpdate, operation: "UpdateProductCopy", variables: ["product": product], as: ProductUpdateResult.self)
        return Self.reason(result.productUpdate?.userErrors.map { ($0.field, $0.message) }, what: "productUpdate")
    }

    private func registerTranslations(_ copy: GeneratedCopy, resource: TranslatableProduct.Resource, locale: String) async throws -> String? {
        let digests = Dictionary(resource.translatableContent.compactMap { content in content.digest.map { (content.key, $0) } }, uniquingKeysWith: { first, _ in first })
        let values: [ShopifyAPI.TranslationKey: String] = [.title: copy.title, .bodyHTML: copy.bodyHTML, .metaTitle: copy.metaTitle, .metaDescription: copy.metaDescription]
        var translations: [[String: Any]] = []
        for key in ShopifyAPI.TranslationKey.allCases {
            guard let value = values[key], !value.isEmpty else { continue }
            guard let digest = digests[key.rawValue] else {
                // Shopify only translates fields that have source content. The primary locale's
                // copy is usually on its way through the outbox: try again later (and hand it to
                // a person if it never arrives).
                throw ShopifyError(code: .waitingForPrimary, message: "the shop's primary-locale \(key.rawValue) is empty, so Shopify has nothing to attach the \(locale) translation to; waiting for the primary locale's copy to be published")
            }
            translations.append(["key": key.rawValue, "locale": locale, "value": value, "translatableContentDigest": digest])
        }
        let result = try await client.execute(
            ShopifyAPI.translationsRegister, operation: "RegisterTranslations",
            variables: ["resourceId": resource.resourceId, "translations": translations], as: TranslationsRegisterResult.self
        )
        if let reason = Self.reason(result.translationsRegister?.userErrors.map { ($0.field, $0.message) }, what: "translationsRegister") {
            return reason
        }
        return try await setProvenance(copy, productID: resource.resourceId, key: "copy_\(locale)")
    }

    /// An experiment's variant B: a `catalogd.variant_b_<locale>` JSON metafield on the product
    /// (the product's own fields stay variant A); the Liquid snippet in samples/ shows it to the
    /// visitors its hash assigns to B.
    private func pushVariant(_ copy: GeneratedCopy) async throws -> PublishOutcome {
        let located: Located
        switch try await locate(copy) {
        case .unpublishable(let reason): return .needsManualHandling(reason: reason)
        case .notFound: return .needsManualHandling(reason: "\(MissingProduct.reason(shop: "Shopify", sku: copy.sku, variant: true)); variant B needs the product to exist")
        case .found(let found): located = found
        }
        let metafield: [String: Any] = [
            "ownerId": located.productID, "namespace": ShopifyAPI.metafieldNamespace,
            "key": "variant_b_\(located.locale.locale)", "type": "json", "value": VariantCopy(copy).json,
        ]
        let result = try await client.execute(ShopifyAPI.metafieldsSet, operation: "SetProvenance", variables: ["metafields": [metafield]], as: MetafieldsSetResult.self)
        if let reason = Self.reason(result.metafieldsSet?.userErrors.map { ($0.field, $0.message) }, what: "metafieldsSet") {
            return .needsManualHandling(reason: reason)
        }
        return .published
    }

    private func setProvenance(_ copy: GeneratedCopy, productID: String, key: String) async throws -> String? {
        var metafield = Provenance(copy).metafield(key: key)
        metafield["ownerId"] = productID
        let result = try await client.execute(ShopifyAPI.metafieldsSet, operation: "SetProvenance", variables: ["metafields": [metafield]], as: MetafieldsSetResult.self)
        return Self.reason(result.metafieldsSet?.userErrors.map { ($0.field, $0.message) }, what: "metafieldsSet")
    }

    func shopLocales() async throws -> [ShopLocale] {
        if let locales { return locales }
        let fetched = try await client.execute(ShopifyAPI.shopLocales, operation: "ShopLocales", variables: [:], as: ShopLocalesResult.self).shopLocales
        locales = fetched
        return fetched
    }

    /// catalogd's `de-DE` is Shopify's `de` unless the shop publishes the regional variant.
    static func match(_ locale: LocaleCode, in shopLocales: [ShopLocale]) -> ShopLocale? {
        let published = shopLocales.filter(\.published)
        return published.first { $0.locale.caseInsensitiveCompare(locale.identifier) == .orderedSame }
            ?? published.first { $0.locale.caseInsensitiveCompare(locale.language) == .orderedSame }
    }

    /// Shopify search syntax: a quoted value with `\` and `"` escaped.
    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// userErrors are per-item failures: kept with their field path, never thrown.
    static func reason(_ errors: [([String]?, String)]?, what: String) -> String? {
        guard let errors, !errors.isEmpty else { return nil }
        let text = errors.map { field, message in field.map { "\($0.joined(separator: ".")): \(message)" } ?? message }
        return "Shopify \(what) rejected the copy: " + text.joined(separator: "; ")
    }
}

/// What catalogd last pushed for one locale, kept in the product's `catalogd.copy_<locale>`
/// metafield (a JSON metafield, so a person can read it in the admin).
struct Provenance {
    let content: ContentHash
    let generator: String

    init(_ copy: GeneratedCopy) {
        content = copy.contentHash
        generator = "\(copy.generator.name)@\(copy.generator.version)"
    }

    init?(json: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any],
              let hex = object["content"] as? String, let content = ContentHash(hex: hex)
        else { return nil }
        self.content = content
        self.generator = object["generator"] as? String ?? ""
    }

    func metafield(key: String) -> [String: Any] {
        let value = "{\"content\":\"\(content.hex)\",\"generator\":\"\(generator.replacingOccurrences(of: "\"", with: ""))\"}"
        return ["namespace": ShopifyAPI.metafieldNamespace, "key": key, "type": "json", "value": value]
    }
}
