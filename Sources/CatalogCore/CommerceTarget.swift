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
    /// Deliberately not written (a person's edit in the shop is kept, by policy); the reason is
    /// recorded on the outbox row.
    case keptShopCopy(reason: String)
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

/// A shop (or the manual queue standing in for one). Throwing means "try again later";
/// returning `.needsManualHandling` means retrying will not help.
public protocol CommerceTarget: Sendable {
    var name: String { get }
    func publish(_ item: PublishItem) async throws -> PublishOutcome
}

import struct Foundation.Data
