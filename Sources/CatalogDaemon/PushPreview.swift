public import CatalogCore
import CatalogHTTP
import CatalogShopify
public import CatalogStore

/// `catalogctl push --dry-run`: what the configured target would do with the copy waiting in
/// the outbox, read from the shop, with nothing written.
public enum PushPreview {
    public static func run(configuration: Configuration, database: CatalogDatabase, skus: [SKU]?) async throws -> [PublishPreview] {
        let transport = AsyncHTTPTransport()
        do {
            let previews = try await run(configuration: configuration, database: database, skus: skus, transport: transport)
            try await transport.shutdown()
            return previews
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    static func run(configuration: Configuration, database: CatalogDatabase, skus: [SKU]?, transport: any HTTPTransport) async throws -> [PublishPreview] {
        let name = configuration.publishing.target
        guard let target = configuration.publishing.makeTargets(transport: transport).first(where: { $0.name == name }) as? any PreviewingTarget else {
            throw CatalogError(.configInvalidValue, "target '\(name)' cannot be previewed (are its credentials readable by this user?)")
        }
        var previews: [PublishPreview] = []
        for item in try database.waitingItems(target: name, skus: skus) {
            previews += try await target.preview(item)
        }
        return previews
    }
}

/// `catalogctl queue export --format shopify-csv`: the shop's handle and option values for
/// each exported SKU, so the CSV updates the products rather than creating new ones.
public enum ShopLookup {
    /// Nil when no Shopify shop is configured (or its token is not readable here).
    public static func shopifyVariants(configuration: Configuration, skus: [SKU]) async throws -> [SKU: ShopVariant]? {
        let transport = AsyncHTTPTransport()
        do {
            let shop = configuration.publishing.makeTargets(transport: transport).compactMap { $0 as? ShopifyTarget }.first
            let variants = try await shop?.variants(forSKUs: skus)
            try await transport.shutdown()
            return variants
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}
