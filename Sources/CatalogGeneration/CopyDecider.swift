public import CatalogCore
public import CatalogInventory
public import CatalogStore

/// Decides what the store cannot: the availability sentence each copy carries for its SKU's
/// stock, and a handle no other SKU has in the locale. It reads the facts (stock, handles
/// taken), decides, and the store keeps the copy as decided in the transaction that queues
/// it, unless a fact changed meanwhile (`CopyDecisionsOutdated`): then `deciding` reads and
/// decides again. Content rules stay here; the store only checks the facts they rest on.
public struct CopyDecider: Sendable {
    let stock: StockLedger
    let copies: CopyLedger
    /// The copy for a SKU's stock; nil without inventory feeds (no sentence is managed).
    let stamp: AvailabilityStamp?
    /// Decisions made again before giving up: each retry follows a commit that changed the
    /// facts (a stock poll, another SKU's copy), which settles within a few rounds.
    let attempts = 5

    public init(stock: StockLedger, copies: CopyLedger, stamp: AvailabilityStamp?) {
        self.stock = stock
        self.copies = copies
        self.stamp = stamp
    }

    /// Sentences from `triggers` (nil: none, no inventory feeds) on the database's clock.
    public init(database: CatalogDatabase, availability triggers: StockTriggers?) {
        self.init(stock: database.stock, copies: database.copyLedger, stamp: triggers.map { StockReactions.stamp(triggers: $0, clock: database.clock) })
    }

    /// Runs `body` (read, `decide`, write) again while the store finds its decisions outdated.
    public func deciding<T>(_ body: () async throws -> T) async throws -> T {
        for _ in 1..<attempts {
            do {
                return try await body()
            } catch is CopyDecisionsOutdated {
                continue
            }
        }
        return try await body()
    }

    /// Decides `generated` (copy with the handle proposed for it, in the order it will be
    /// stored): each SKU's availability sentence for its stock now, and handles made unique.
    /// A handle another SKU holds, or one given earlier in `generated` to another SKU, gets
    /// the SKU appended (`-sku`), then a number, until it is free.
    public func decide(_ generated: [(copy: GeneratedCopy, handle: String?)]) async throws -> CopyDecisions {
        var decisions = CopyDecisions()
        if let stamp {
            var skus: [SKU] = []
            var seen: Set<SKU> = []
            for (copy, _) in generated where seen.insert(copy.sku).inserted { skus.append(copy.sku) }
            let states = try await stock.stockStates(of: skus)
            for sku in skus { decisions.sentence(for: sku, writtenFor: states[sku]) }
            for (copy, _) in generated { decisions.store(copy, as: stamp(states[copy.sku], copy)) }
        }
        try await pickHandles(for: generated.compactMap { copy, handle in handle.map { HandleClaim(sku: copy.sku, locale: copy.locale, handle: $0) } }, into: &decisions)
        return decisions
    }

    private func pickHandles(for claims: [HandleClaim], into decisions: inout CopyDecisions) async throws {
        // Who has each handle among the claims decided so far: those come before the rest.
        var given: [LocaleHandle: SKU] = [:]
        // Each claim with the candidate it tries next (the proposed handle first).
        var pending = claims.map { (claim: $0, candidate: $0, round: 0) }
        while !pending.isEmpty {
            let taken = try await copies.handlesTaken(pending.map(\.candidate))
            var next: [(claim: HandleClaim, candidate: HandleClaim, round: Int)] = []
            for (claim, candidate, round) in pending {
                let key = LocaleHandle(locale: candidate.locale, handle: candidate.handle)
                if taken.contains(candidate) || given[key].map({ $0 != claim.sku }) == true {
                    let slug = claim.sku.rawValue.slugified(separator: "-")
                    let handle = claim.handle + "-" + slug + (round == 0 ? "" : "-\(round + 1)")
                    next.append((claim, HandleClaim(sku: claim.sku, locale: claim.locale, handle: handle), round + 1))
                } else {
                    given[key] = claim.sku
                    if candidate.handle != claim.handle { decisions.give(claim, handle: candidate.handle) }
                }
            }
            pending = next
        }
    }

    private struct LocaleHandle: Hashable {
        let locale: LocaleCode
        let handle: String
    }
}
