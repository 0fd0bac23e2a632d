import Foundation

/// Where copy goes in the shop: the product's own fields, or an experiment's variant B
/// (a metafield / custom attribute the storefront shows to half the visitors).
public enum CopySlot: String, Hashable, Sendable, Codable {
    case main
    case variantB = "variant-b"
}

/// Variant B copy as the storefront snippets read it: one JSON object per SKU and locale.
public struct VariantCopy: Hashable, Sendable, Codable {
    public let title: String
    public let bodyHTML: String
    public let metaTitle: String
    public let metaDescription: String
    public let generator: String

    enum CodingKeys: String, CodingKey {
        case title
        case bodyHTML = "body_html"
        case metaTitle = "meta_title"
        case metaDescription = "meta_description"
        case generator
    }

    public init(_ copy: GeneratedCopy) {
        title = copy.title
        bodyHTML = copy.bodyHTML
        metaTitle = copy.metaTitle
        metaDescription = copy.metaDescription
        generator = copy.generator.description
    }

    /// Compact JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// One locale's copy of one SKU on its way to one shop.
public struct PublishItem: Hashable, Sendable {
    /// Derived from (sku, locale, content hash, target): a push retried after a crash carries the
    /// same key, so the shop, or the outbox, can recognise it.
    public let idempotencyKey: String
    public let target: String
    public let copy: GeneratedCopy
    /// The URL handle (Shopify) / url_key (Magento) catalogd chose for this SKU and locale;
    /// written only where the target is configured to manage handles.
    public let handle: String?
    /// The hash of the copy catalogd last published for this SKU, locale and target, from the
    /// outbox: a target with nowhere in the shop to keep provenance compares against it.
    public let lastPushed: ContentHash?
    public let slot: CopySlot
    /// A person chose this copy over an edit made in the shop: write it whatever the conflict
    /// policy says.
    public let overwrite: Bool

    public init(target: String, copy: GeneratedCopy, handle: String? = nil, lastPushed: ContentHash? = nil, slot: CopySlot = .main, overwrite: Bool = false) {
        self.target = target
        self.copy = copy
        self.handle = handle
        self.lastPushed = lastPushed
        self.slot = slot
        self.overwrite = overwrite
        self.idempotencyKey = PublishItem.idempotencyKey(sku: copy.sku, locale: copy.locale, contentHash: copy.contentHash, target: target, slot: slot, overwrite: overwrite)
    }

    /// The conflict policy for this item: a person's decision to overwrite wins.
    public func policy(_ configured: ConflictPolicy) -> ConflictPolicy {
        overwrite ? .overwrite : configured
    }

    /// The SKU, then a hash of every part. The SKU first keeps a bulk run's keys together in
    /// the outbox's unique index, as its jobs are (SKU order): a hash alone put each of a
    /// commit's rows on a page of its own, and the commit wrote every one of those pages to
    /// the log. Keys written before this form stay valid: a row is found by its id, and newer
    /// copy for the item supersedes a pending row whatever its key.
    public static func idempotencyKey(sku: SKU, locale: LocaleCode, contentHash: ContentHash, target: String, slot: CopySlot = .main, overwrite: Bool = false) -> String {
        let parts = [sku.rawValue, locale.identifier, contentHash.hex, target] + (slot == .main ? [] : [slot.rawValue]) + (overwrite ? ["overwrite"] : [])
        return sku.rawValue + "/" + ContentHash(of: Data(parts.joined(separator: "\u{1F}").utf8)).hex
    }
}

/// What a target did with an item.
public enum PublishOutcome: Hashable, Sendable {
    case published
    /// Published after the target adjusted something deterministically (a url_key made unique);
    /// the note is kept on the outbox row.
    case publishedWithNote(String)
    /// The item needs a person; the reason is shown in `catalogctl queue list` and the export.
    case needsManualHandling(reason: String)
    /// Deliberately not written (a person's edit in the shop is kept, by policy); the reason is
    /// recorded on the outbox row.
    case keptShopCopy(reason: String)
    /// A person edited the copy in the shop since catalogd's last push (policy: queue): the
    /// shop's copy goes to the review queue beside catalogd's, for a person to choose.
    case conflict(reason: String, shop: ShopCopy)
}

/// What to do when the shop's copy was edited by a person since catalogd last pushed it.
public enum ConflictPolicy: String, Hashable, Sendable, CaseIterable {
    /// Hand the change to a person in the manual queue (the default).
    case queue
    /// Leave the shop's copy as it is and record that it was kept.
    case keepShop = "keep-shop"
    /// Write catalogd's copy over the edit.
    case overwrite
}

/// "Manual edits win": compares the shop's current copy with what catalogd last pushed there.
public enum ShopCopyDrift: Hashable, Sendable {
    /// The shop already shows this copy; only the provenance may need recording.
    case alreadyInShop
    /// Nobody touched the shop's copy since catalogd's last push (or catalogd never pushed).
    case safeToWrite
    /// A person changed the copy in the shop since catalogd's last push.
    case editedInShop

    /// `current` hashes the shop's fields the way `GeneratedCopy.contentHash` does, so a copy
    /// catalogd wrote and nobody changed compares equal to the hash it recorded.
    public init(current: ContentHash, lastPushed: ContentHash?, proposed: ContentHash) {
        if current == proposed {
            self = .alreadyInShop
        } else if lastPushed == nil || current == lastPushed {
            self = .safeToWrite
        } else {
            self = .editedInShop
        }
    }
}

extension ConflictPolicy {
    /// What to do about one write, given the drift check: nothing (the shop already shows the
    /// copy), write it, or stop with an outcome. `shop` names the shop in reasons.
    public func decision(for drift: ShopCopyDrift, copy: GeneratedCopy, shop: String, current: ShopCopy) -> WriteDecision {
        switch drift {
        case .alreadyInShop:
            return .alreadyInShop
        case .editedInShop where self == .queue:
            return .stop(.conflict(
                reason: "conflict: the \(copy.locale) copy of \(copy.sku) was edited in \(shop) since catalogd last pushed it; choose in the review queue (policy: queue)",
                shop: current
            ))
        case .editedInShop where self == .keepShop:
            return .stop(.keptShopCopy(reason: "the \(copy.locale) copy of \(copy.sku) was edited in \(shop); kept (policy: keep-shop)"))
        case .editedInShop, .safeToWrite:
            return .write
        }
    }
}

public enum WriteDecision: Hashable, Sendable {
    case alreadyInShop
    case write
    case stop(PublishOutcome)
}

/// A failed push that cannot land before another push of the same product has (a translation
/// needs its primary-locale copy in the shop first): the outbox tries it again as soon as one
/// of the product's other items is published, instead of after its backoff.
public protocol SiblingDependentError: Error {
    var waitsForSibling: Bool { get }
}

/// A shop (or the manual queue standing in for one). Throwing means "try again later";
/// returning `.needsManualHandling` means retrying will not help.
public protocol CommerceTarget: Sendable {
    var name: String { get }
    func publish(_ item: PublishItem) async throws -> PublishOutcome
}

import struct Foundation.Data

/// A target that can also publish many items in one round trip (Magento's asynchronous bulk
/// API). The outbox hands it claimed rows in groups of at least `batchThreshold`.
public protocol BatchCommerceTarget: CommerceTarget {
    var batchThreshold: Int { get }
    /// One result per item, in order: an outcome, or an error meaning "try this one again later".
    func publish(batch: [PublishItem]) async -> [Result<PublishOutcome, any Error>]
}

extension BatchCommerceTarget {
    /// For a batch with experiment variants in it: the product copy through `publish(batch:)`,
    /// the variants (few, and written elsewhere in the product) one by one; results in order.
    /// Nil when the batch has no variants.
    public func publishSplittingVariants(_ items: [PublishItem]) async -> [Result<PublishOutcome, any Error>]? {
        guard items.contains(where: { $0.slot != .main }) else { return nil }
        var bulk = await publish(batch: items.filter { $0.slot == .main }).makeIterator()
        var results: [Result<PublishOutcome, any Error>] = []
        for item in items {
            if item.slot == .main, let result = bulk.next() {
                results.append(result)
            } else {
                do { results.append(.success(try await publish(item))) } catch { results.append(.failure(error)) }
            }
        }
        return results
    }
}
