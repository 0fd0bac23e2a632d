import CatalogCore
import CatalogInventory
import CatalogPipeline
import CatalogStore
import Foundation
import Logging

/// What the daemon does with stock changes: each triggering change either rewrites the
/// availability sentence of the copy already queued for the shop (no model call), or queues a
/// regeneration, at its rule's priority. A SKU with no copy yet is generated in full.
struct StockReactions: Sendable {
    let database: CatalogDatabase
    let triggers: StockTriggers
    let target: String
    let logger: Logger

    /// The stamp every queued copy goes through while inventory feeds are configured.
    var stamp: AvailabilityStamp { Self.stamp(triggers: triggers, clock: database.clock) }

    static func stamp(triggers: StockTriggers, clock: any WallClock) -> AvailabilityStamp {
        { state, copy in AvailabilityBlock.apply(triggers.availability(for: state, now: clock.now()), to: copy) }
    }

    func react(to changes: [StockChange], source: String) {
        let firings = triggers.firings(for: changes)
        for (key, group) in Dictionary(grouping: firings, by: { Key(rule: $0.rule, reason: $0.reason) }) {
            let skus = group.map(\.sku)
            do {
                switch key.rule.action {
                case .record:
                    continue
                case .regenerate:
                    _ = try database.requestRegeneration(skus, priority: key.rule.priority, reason: key.reason, source: source)
                case .availability:
                    let (rewritten, withoutCopy) = try database.rewriteAvailability(skus, target: target, priority: key.rule.priority, stamp: stamp)
                    if !withoutCopy.isEmpty {
                        _ = try database.requestRegeneration(withoutCopy, priority: key.rule.priority, reason: key.reason, source: source)
                    }
                    logger.info("\(key.reason): rewrote the availability sentence of \(rewritten) cop\(rewritten == 1 ? "y" : "ies"), queued \(withoutCopy.count) SKU(s) without copy")
                }
            } catch {
                // The stock itself is recorded; the next change or a manual regenerate catches up.
                logger.error("\(key.reason): could not queue the copy change for \(skus.count) SKU(s): \(error)")
            }
        }
    }

    private struct Key: Hashable {
        let rule: StockTriggers.Rule
        let reason: String
    }
}
