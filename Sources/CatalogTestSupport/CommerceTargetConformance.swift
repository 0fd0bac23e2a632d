public import CatalogCore
import Testing

/// What every `CommerceTarget` must do whatever the shop behind it, run by each adapter's
/// tests against its own fake: the conflict-policy matrix (a person's edit in the shop is never
/// overwritten silently), an overwrite a person chose, and a SKU the shop lacks handed to a
/// person with a reason instead of an error.
public enum CommerceTargetConformance {
    /// One adapter on a fresh fake shop holding `sku` ("SKU-1"), and how to reach behind it.
    public struct Shop: Sendable {
        public let target: any CommerceTarget
        /// Edits the product's description the way a person does in the shop's admin.
        public let editDescription: @Sendable (_ sku: String, _ html: String) -> Void
        /// The product's description as the shop now has it (its default scope).
        public let description: @Sendable (_ sku: String) -> String?

        public init(
            target: any CommerceTarget, editDescription: @escaping @Sendable (String, String) -> Void, description: @escaping @Sendable (String) -> String?
        ) {
            self.target = target
            self.editDescription = editDescription
            self.description = description
        }
    }

    /// Builds a shop whose target applies `policy`, runs the body on it and tears it down.
    public typealias MakeShop = (_ policy: ConflictPolicy, _ body: (Shop) async throws -> Void) async throws -> Void

    public static let sku = "SKU-1"

    /// Runs every check; each failure names the shop.
    public static func run(shop name: String, _ make: MakeShop) async throws {
        try await conflictPolicies(shop: name, make)
        try await unknownSKUsGoToAPerson(shop: name, make)
    }

    static func item(_ sku: String = sku, body: String, target: String, lastPushed: ContentHash? = nil, overwrite: Bool = false) -> PublishItem {
        let copy = GeneratedCopy(
            sku: SKU(sku)!, locale: LocaleCode("en")!, title: "Trail Shoe", bodyHTML: body,
            metaTitle: "Trail Shoe | Shop", metaDescription: "Buy the Trail Shoe.", generator: GeneratorIdentity(name: "template", version: "1.0.0")
        )
        return PublishItem(target: target, copy: copy, lastPushed: lastPushed, overwrite: overwrite)
    }

    /// A person edits the description after catalogd's push; the next push follows the policy:
    /// `queue` hands both copies to the review queue and writes nothing until a person chooses
    /// catalogd's (an overwrite), `keep-shop` keeps the edit, `overwrite` writes over it.
    static func conflictPolicies(shop name: String, _ make: MakeShop) async throws {
        for policy in ConflictPolicy.allCases {
            try await make(policy) { shop in
                let target = shop.target.name
                let first = item(body: "<p>Light and waterproof.</p>", target: target)
                #expect(try await shop.target.publish(first) == .published, "\(name): the first push")
                shop.editDescription(sku, "<p>Edited by a merchandiser.</p>")
                let next = item(body: "<p>Regenerated.</p>", target: target, lastPushed: first.copy.contentHash)
                let outcome = try await shop.target.publish(next)
                switch policy {
                case .queue:
                    guard case .conflict(let reason, let copy) = outcome else { Issue.record("\(name), queue: \(outcome)"); return }
                    #expect(reason.hasPrefix("conflict:") && reason.contains(sku), "\(name): \(reason)")
                    #expect(copy.bodyHTML == "<p>Edited by a merchandiser.</p>", "\(name): the shop's edit travels to the review queue")
                    #expect(shop.description(sku) == "<p>Edited by a merchandiser.</p>", "\(name): nothing written before a person chooses")
                    let chosen = item(body: "<p>Regenerated.</p>", target: target, lastPushed: first.copy.contentHash, overwrite: true)
                    #expect(try await shop.target.publish(chosen) == .published, "\(name): a person chose catalogd's copy")
                    #expect(shop.description(sku) == "<p>Regenerated.</p>", "\(name): the choice overwrites the edit")
                case .keepShop:
                    guard case .keptShopCopy = outcome else { Issue.record("\(name), keep-shop: \(outcome)"); return }
                    #expect(shop.description(sku) == "<p>Edited by a merchandiser.</p>", "\(name): the edit is kept")
                case .overwrite:
                    #expect(outcome == .published, "\(name), overwrite: \(outcome)")
                    #expect(shop.description(sku) == "<p>Regenerated.</p>", "\(name): the edit is overwritten")
                }
            }
        }
    }

    /// Copy for a SKU the shop does not have needs a person (or `create_missing`); the target
    /// says so with a reason naming the SKU, and nothing is thrown.
    static func unknownSKUsGoToAPerson(shop name: String, _ make: MakeShop) async throws {
        try await make(.queue) { shop in
            let outcome = try await shop.target.publish(item("NOPE", body: "<p>Nobody sells this.</p>", target: shop.target.name))
            guard case .needsManualHandling(let reason) = outcome else { Issue.record("\(name): \(outcome)"); return }
            #expect(reason.contains("NOPE"), "\(name): \(reason)")
        }
    }
}
