/// What was decided about copy before it is stored, and the facts each decision rests on: the
/// availability sentence written for the stock that was read, and handles made unique per
/// locale. CatalogGeneration decides (`CopyDecider`); the store keeps the copy as decided and
/// refuses the decisions (`CopyDecisionsOutdated`) when a fact they rest on changed before its
/// transaction: the decider then reads again and decides again. So copy queued after a stock
/// change still tells the latest stock, and no two SKUs share a handle, without content rules
/// running inside a store transaction.
public struct CopyDecisions: Sendable {
    /// The stock each SKU's sentence was written for (nil: no feed lists the SKU). Every copy
    /// stored for a SKU listed here must have been decided (`stamped`); a SKU not listed has
    /// no sentence managed (no inventory feeds), and its copy is stored as generated.
    public private(set) var stock: [SKU: StockState?] = [:]
    /// The copy to store for each copy generated: its availability sentence added or replaced.
    public private(set) var stamped: [GeneratedCopy: GeneratedCopy] = [:]
    /// The handle each SKU's copy is stored with, in place of the proposed one.
    public private(set) var handles: [HandleClaim: String] = [:]

    /// Nothing decided: copy stored as generated, handles as proposed (they must be free).
    public init() {}

    public mutating func sentence(for sku: SKU, writtenFor state: StockState?) {
        stock[sku] = .some(state)
    }

    public mutating func store(_ copy: GeneratedCopy, as stamped: GeneratedCopy) {
        self.stamped[copy] = stamped
    }

    public mutating func give(_ claim: HandleClaim, handle: String) {
        handles[claim] = handle
    }

    /// The copy to store for `generated`: as decided, or as generated when the SKU's sentence
    /// is not managed. Throws when the SKU's sentence is managed and this copy was not decided
    /// (it changed after the decisions were made).
    public func copy(for generated: GeneratedCopy) throws(CopyDecisionsOutdated) -> GeneratedCopy {
        guard managesSentence(of: generated.sku) else { return generated }
        guard let decided = stamped[generated] else {
            throw CopyDecisionsOutdated(skus: [generated.sku], what: "its \(generated.locale) copy was not decided")
        }
        return decided
    }

    /// Checks that `sku`'s stock is still what its sentence was written for; `current` reads
    /// the stock now, and is called only for a SKU whose sentence is managed.
    public func confirmStock(of sku: SKU, current: () throws -> StockState?) throws {
        guard let written = stock[sku], try current() != written else { return }
        throw CopyDecisionsOutdated(skus: [sku], what: "its stock changed after the availability sentence was written")
    }

    /// Whether `sku`'s copy carries an availability sentence decided for its stock.
    private func managesSentence(of sku: SKU) -> Bool {
        stock.keys.contains(sku)
    }

    /// The handle `sku`'s copy in `locale` is stored with, for the `proposed` one.
    public func handle(sku: SKU, locale: LocaleCode, proposed: String?) -> String? {
        guard let proposed else { return nil }
        return handles[HandleClaim(sku: sku, locale: locale, handle: proposed)] ?? proposed
    }
}

/// A SKU's claim to a handle in one locale: a shop's URL key, unique per locale.
public struct HandleClaim: Hashable, Sendable {
    public let sku: SKU
    public let locale: LocaleCode
    public let handle: String

    public init(sku: SKU, locale: LocaleCode, handle: String) {
        self.sku = sku
        self.locale = locale
        self.handle = handle
    }
}

/// The store refused copy decisions: a fact they rest on changed after they were made (the
/// SKUs' stock, a handle another SKU took, copy queued meanwhile), or copy was not decided.
/// Nothing was written; decide again from what the store holds now.
public struct CopyDecisionsOutdated: Error, CustomStringConvertible {
    public let skus: [SKU]
    public let what: String

    public init(skus: [SKU], what: String) {
        self.skus = skus
        self.what = what
    }

    public var description: String {
        "copy decisions for \(skus.map(\.rawValue).joined(separator: ", ")) are outdated: \(what)"
    }
}
