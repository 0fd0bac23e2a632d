public import CatalogCore
public import CatalogInventory
import CatalogPipeline
public import CatalogStore
import Foundation
public import Logging

/// What the daemon does with stock changes: each triggering change either rewrites the
/// availability sentence of the copy already queued for the shop (no model call), or queues a
/// regeneration, at its rule's priority. A SKU with no copy yet is generated in full.
public struct StockReactions: Sendable {
    let stock: StockLedger
    let queue: GenerationQueue
    let triggers: StockTriggers
    let target: String
    let logger: Logger
    /// Writes the availability sentences of the copy a change rewrites.
    let decider: CopyDecider
    /// Serialises catch-ups: two pollers finishing at once must not react twice.
    let gate = SerialQueue()

    public init(stock: StockLedger, queue: GenerationQueue, decider: CopyDecider, triggers: StockTriggers, target: String, logger: Logger) {
        self.stock = stock
        self.queue = queue
        self.decider = decider
        self.triggers = triggers
        self.target = target
        self.logger = logger
    }

    /// The availability sentence for a SKU's stock, added to its copy: what every copy goes
    /// through (`CopyDecider`) while inventory feeds are configured.
    public static func stamp(triggers: StockTriggers, clock: any WallClock) -> AvailabilityStamp {
        { state, copy in AvailabilityBlock.apply(triggers.availability(for: state, now: clock.now()), to: copy) }
    }

    /// Reacts to every recorded stock change not reacted to yet, and forgets each once its copy
    /// change is queued. The changes come from the database, not from the poll that found them,
    /// so a reaction a kill interrupted is made at the next start. One caller at a time: the
    /// pollers share `gate`.
    public func catchUp() async {
        await gate.run { await drainPending() }
    }

    private func drainPending() async {
        while true {
            let pending: [PendingStockReaction]
            do {
                pending = try await stock.pendingStockReactions()
            } catch {
                logger.error("cannot read the stock changes waiting for a reaction: \(error)")
                return
            }
            guard !pending.isEmpty else { return }
            var done: [PendingStockReaction] = []
            for (source, group) in Dictionary(grouping: pending, by: \.source).sorted(by: { $0.key < $1.key }) {
                if await react(to: group.map(\.change), source: source) { done += group }
            }
            do {
                try await stock.finishStockReactions(done)
            } catch {
                logger.error("cannot mark \(done.count) stock reaction(s) done; they will be made again: \(error)")
                return
            }
            // What failed stays recorded for the next poll's catch-up.
            guard done.count == pending.count else { return }
        }
    }

    /// Queues the copy changes `changes` trigger; false if any could not be queued.
    func react(to changes: [StockChange], source: String) async -> Bool {
        var queued = true
        let firings = triggers.firings(for: changes)
        for (key, group) in Dictionary(grouping: firings, by: { Key(rule: $0.rule, reason: $0.reason) }) {
            let skus = group.map(\.sku)
            do {
                switch key.rule.action {
                case .record:
                    continue
                case .regenerate:
                    _ = try await queue.requestRegeneration(skus, priority: key.rule.priority, reason: key.reason, source: source)
                case .availability:
                    let result = try await decider.deciding {
                        let queued = try await queue.queuedCopies(of: skus, target: target)
                        let decisions = try await decider.decide(queued.map { ($0.item.copy, nil) })
                        return try await queue.rewriteAvailability(skus, target: target, priority: key.rule.priority, queued: queued, decisions: decisions)
                    }
                    if !result.withoutCopy.isEmpty {
                        _ = try await queue.requestRegeneration(result.withoutCopy, priority: key.rule.priority, reason: key.reason, source: source)
                    }
                    logger.info("\(key.reason): rewrote the availability sentence of \(result.rewritten) cop\(result.rewritten == 1 ? "y" : "ies"), raised \(result.runningJobsRaised) waiting job(s), queued \(result.withoutCopy.count) SKU(s) without copy")
                }
            } catch {
                // The change stays pending; the next poll's catch-up tries again.
                logger.error("\(key.reason): could not queue the copy change for \(skus.count) SKU(s): \(error)")
                queued = false
            }
        }
        return queued
    }

    private struct Key: Hashable {
        let rule: StockTriggers.Rule
        let reason: String
    }
}
