/// What an import did to one SKU.
public enum ChangeKind: String, Sendable, Codable, CaseIterable {
    case added, changed, removed, unchanged
}

public struct ProductChange: Hashable, Sendable {
    public let sku: SKU
    public let kind: ChangeKind

    public init(sku: SKU, kind: ChangeKind) {
        self.sku = sku
        self.kind = kind
    }
}

/// Whether a file describes the whole catalog of its source or only the products it lists.
public enum ImportMode: String, Sendable, Codable, CaseIterable {
    /// Products of this source that the file does not list are removed.
    case snapshot
    /// Only the listed products change; nothing is removed.
    case delta
}

/// Counts an operator reads after an import: the log line and `catalogctl import` print these.
public struct DiffSummary: Hashable, Sendable, Codable, CustomStringConvertible {
    public var added = 0
    public var changed = 0
    public var removed = 0
    public var unchanged = 0

    public init(added: Int = 0, changed: Int = 0, removed: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.changed = changed
        self.removed = removed
        self.unchanged = unchanged
    }

    public init(_ changes: [ProductChange]) {
        for change in changes { self.count(change.kind) }
    }

    public mutating func count(_ kind: ChangeKind, by amount: Int = 1) {
        switch kind {
        case .added: added += amount
        case .changed: changed += amount
        case .removed: removed += amount
        case .unchanged: unchanged += amount
        }
    }

    public var description: String {
        "\(added) added, \(changed) changed, \(removed) removed, \(unchanged) unchanged"
    }
}

/// The pure diff between stored product hashes and an incoming export.
public enum ProductDiff {
    /// - Parameters:
    ///   - stored: content hashes of the live (not removed) products of this source.
    ///   - incoming: the products in the file, SKUs unique.
    /// - Returns: one change per SKU, sorted by SKU so runs are reproducible.
    public static func changes(stored: [SKU: ContentHash], incoming: [SKU: ContentHash], mode: ImportMode) -> [ProductChange] {
        var result: [ProductChange] = []
        result.reserveCapacity(incoming.count)
        for (sku, hash) in incoming {
            switch stored[sku] {
            case nil: result.append(ProductChange(sku: sku, kind: .added))
            case hash: result.append(ProductChange(sku: sku, kind: .unchanged))
            default: result.append(ProductChange(sku: sku, kind: .changed))
            }
        }
        if mode == .snapshot {
            for sku in stored.keys where incoming[sku] == nil {
                result.append(ProductChange(sku: sku, kind: .removed))
            }
        }
        return result.sorted { $0.sku < $1.sku }
    }
}
