/// A variant as a shop has it: its product's handle (what Shopify's product CSV importer
/// matches rows on; the shop's handle usually comes from the title, not the SKU) and its
/// option values in order.
public struct ShopVariant: Hashable, Sendable {
    public struct Option: Hashable, Sendable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public let handle: String
    public let options: [Option]

    public init(handle: String, options: [Option]) {
        self.handle = handle
        self.options = options
    }
}
