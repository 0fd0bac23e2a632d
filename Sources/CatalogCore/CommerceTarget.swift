/// One locale's copy of one SKU on its way to one shop.
public struct PublishItem: Hashable, Sendable {
    /// Derived from (sku, locale, content hash, target): a push retried after a crash carries the
    /// same key, so the shop, or the outbox, can recognise it.
    public let idempotencyKey: String
    public let target: String
    public let copy: GeneratedCopy

    public init(target: String, copy: GeneratedCopy) {
        self.target = target
        self.copy = copy
        self.idempotencyKey = PublishItem.idempotencyKey(sku: copy.sku, locale: copy.locale, contentHash: copy.contentHash, target: target)
    }

    public static func idempotencyKey(sku: SKU, locale: LocaleCode, contentHash: ContentHash, target: String) -> String {
        ContentHash(of: Data([sku.rawValue, locale.identifier, contentHash.hex, target].joined(separator: "\u{1F}").utf8)).hex
    }
}

/// What a target did with an item.
public enum PublishOutcome: Hashable, Sendable {
    case published
    /// The item needs a person; the reason is shown in `catalogctl queue list` and the export.
    case needsManualHandling(reason: String)
}

/// A shop (or the manual queue standing in for one). Throwing means "try again later";
/// returning `.needsManualHandling` means retrying will not help.
public protocol CommerceTarget: Sendable {
    var name: String { get }
    func publish(_ item: PublishItem) async throws -> PublishOutcome
}

import struct Foundation.Data
