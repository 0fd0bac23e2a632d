public import CatalogConfiguration
public import CatalogCore
import CatalogMagento
import CatalogPublishing
import CatalogShopify

extension Configuration.Publishing {
    /// The manual queue is always there (rows whose target is gone still reach a person); a
    /// shop joins it when configured.
    public func makeTargets(transport: any HTTPTransport) -> [any CommerceTarget] {
        var targets: [any CommerceTarget] = [ManualQueueTarget()]
        if let shopify {
            targets.append(ShopifyTarget(
                configuration: ShopifyConfiguration(
                    shopURL: shopify.shopURL, accessToken: shopify.accessToken ?? "",
                    conflictPolicy: shopify.conflictPolicy, timeout: shopify.timeout, createMissing: shopify.createMissing, manageHandles: shopify.manageHandles,
                    bulkThreshold: shopify.bulkThreshold
                ),
                transport: transport
            ))
        }
        if let magento, let credentials = magento.credentials {
            targets.append(MagentoTarget(
                configuration: MagentoConfiguration(
                    baseURL: magento.baseURL, credentials: credentials, primaryLocale: primaryLocale,
                    conflictPolicy: magento.conflictPolicy, manageURLKeys: magento.manageURLKeys,
                    timeout: magento.timeout, createMissing: magento.createMissing, attributeSetID: magento.attributeSetID,
                    bulkThreshold: magento.bulkThreshold
                ),
                transport: transport
            ))
        }
        return targets
    }
}
