/// The copy fields a shop holds, as read back from it.
public struct ShopCopy: Hashable, Sendable {
    public var title: String
    public var bodyHTML: String
    public var metaTitle: String
    public var metaDescription: String

    public init(title: String, bodyHTML: String, metaTitle: String, metaDescription: String) {
        self.title = title
        self.bodyHTML = bodyHTML
        self.metaTitle = metaTitle
        self.metaDescription = metaDescription
    }

    /// Hashed the way `GeneratedCopy.contentHash` is, for the drift check.
    public var contentHash: ContentHash {
        GeneratedCopy.contentHash(title: title, bodyHTML: bodyHTML, metaTitle: metaTitle, metaDescription: metaDescription)
    }

    /// The fields `copy` would change, named as the shop names them.
    public func changes(to copy: GeneratedCopy, names: FieldNames) -> [PublishPreview.Change] {
        [
            (names.title, title, copy.title), (names.body, bodyHTML, copy.bodyHTML),
            (names.metaTitle, metaTitle, copy.metaTitle), (names.metaDescription, metaDescription, copy.metaDescription),
        ].filter { $0.1 != $0.2 }.map { PublishPreview.Change(field: $0.0, current: $0.1, proposed: $0.2) }
    }

    public struct FieldNames: Sendable {
        public let title, body, metaTitle, metaDescription: String

        public init(title: String, body: String, metaTitle: String, metaDescription: String) {
            self.title = title
            self.body = body
            self.metaTitle = metaTitle
            self.metaDescription = metaDescription
        }
    }
}

/// What publishing one item would do, without doing it (`catalogctl push --dry-run`).
public struct PublishPreview: Hashable, Sendable, Codable {
    public enum Action: String, Hashable, Sendable, Codable {
        /// The fields in `changes` would be written.
        case write
        /// The shop already shows this copy.
        case unchanged
        /// A person's edit would be kept (policy keep-shop).
        case keepShop = "keep-shop"
        /// The item would go to the manual queue; `reason` says why.
        case manual
    }

    public struct Change: Hashable, Sendable, Codable {
        public let field: String
        public let current: String
        public let proposed: String
    }

    public let sku: SKU
    public let locale: LocaleCode
    public let target: String
    /// Where in the shop (a Shopify locale, a Magento store code).
    public let scope: String?
    public let action: Action
    public let reason: String?
    public let changes: [Change]

    public init(_ item: PublishItem, scope: String?, action: Action, reason: String? = nil, changes: [Change] = []) {
        self.sku = item.copy.sku
        self.locale = item.copy.locale
        self.target = item.target
        self.scope = scope
        self.action = action
        self.reason = reason
        self.changes = changes
    }

    /// The preview for a write decision: what the drift check and the policy would do.
    public init(_ item: PublishItem, scope: String?, decision: WriteDecision, current: ShopCopy, names: ShopCopy.FieldNames) {
        switch decision {
        case .alreadyInShop:
            self.init(item, scope: scope, action: .unchanged)
        case .write:
            self.init(item, scope: scope, action: .write, changes: current.changes(to: item.copy, names: names))
        case .stop(.keptShopCopy(let reason)):
            self.init(item, scope: scope, action: .keepShop, reason: reason, changes: current.changes(to: item.copy, names: names))
        case .stop(.needsManualHandling(let reason)), .stop(.conflict(let reason, _)):
            self.init(item, scope: scope, action: .manual, reason: reason, changes: current.changes(to: item.copy, names: names))
        case .stop(.published), .stop(.publishedWithNote):
            self.init(item, scope: scope, action: .unchanged)
        }
    }
}

/// A target that can say what publishing would change, reading the shop but writing nothing.
public protocol PreviewingTarget: CommerceTarget {
    func preview(_ item: PublishItem) async throws -> [PublishPreview]
}
