public import CatalogConfiguration
public import CatalogCore
import CatalogHTTP
import CatalogShopify

/// `catalogctl queue export --format shopify-csv`: the shop's handle and option values for
/// each exported SKU, so the CSV updates the products rather than creating new ones.
public enum ShopLookup {
    /// Nil when no Shopify shop is configured (or its token is not readable here).
    public static func shopifyVariants(configuration: Configuration, skus: [SKU]) async throws -> [SKU: ShopVariant]? {
        try await AsyncHTTPTransport.using { transport in
            let shop = configuration.publishing.makeTargets(transport: transport).compactMap { $0 as? ShopifyTarget }.first
            return try await shop?.variants(forSKUs: skus)
        }
    }
}
