public import Foundation

/// Issue 8's scenario, shared by its acceptance test and `catalog-bench stock-latency`: a
/// shop holding every SKU of a large snapshot, and a daemon configuration that publishes to it
/// while polling an inventory feed.
public enum SellOutScenario {
    /// The shop's copy before catalogd writes anything.
    public static let handWritten = "<p>hand written</p>"

    public static func skus(_ count: Int) -> [String] {
        (0..<count).map { String(format: "BULK-%05d", $0) }
    }

    /// A one-locale shop with a product per SKU.
    public static func shop(skus: [String]) -> FakeShopifyShop {
        var shop = FakeShopifyShop(locales: [.init("en", primary: true)])
        for sku in skus { shop.addProduct(sku: sku, title: "Old \(sku)", descriptionHtml: handWritten) }
        return shop
    }

    /// How many products catalogd has written so far.
    public static func pushed(_ server: FakeShopifyServer) -> Int {
        server.shop.products.values.filter { $0.descriptionHtml != handWritten }.count
    }

    /// English only, publishing to `shop` with the token in `tokenFile`, polling `feed` if any.
    public static func configuration(state: URL, shop: FakeShopifyServer, tokenFile: URL, feed: FakeInventoryServer? = nil, pollSeconds: Double = 1) -> String {
        """
        state_dir = "\(state.path)"
        [admin]
        listen = "off"
        [generation]
        locales = ["en"]
        [publishing]
        target = "shopify"
        [publishing.shopify]
        shop_url = "\(shop.url)"
        access_token_file = "\(tokenFile.path)"
        \(feed.map { inventory($0, pollSeconds: pollSeconds) } ?? "")
        """
    }

    /// One `[[inventory]]` source named erp polling `feed`.
    public static func inventory(_ feed: FakeInventoryServer, pollSeconds: Double, extra: String = "") -> String {
        """
        [[inventory]]
        name = "erp"
        url = "\(feed.url)"
        interval_seconds = \(pollSeconds)
        \(extra)
        """
    }
}
