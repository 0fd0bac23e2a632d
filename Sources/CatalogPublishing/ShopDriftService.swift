public import CatalogCore
public import CatalogStore
import Foundation
public import Logging
public import ServiceLifecycle

/// Polls each shop that can report changes for products updated or deleted since the last poll,
/// so catalogd learns about a person's edits and deletions before it pushes: a deleted
/// product's waiting pushes go to the manual queue at once, and edits are logged and recorded
/// (the push-time drift check and the conflict policy decide about the next push).
public struct ShopDriftService: Service {
    let shopState: ShopState
    let targets: [any DriftPollingTarget]
    let primaryLocale: LocaleCode
    let interval: Duration
    let logger: Logger
    let time: Timekeeper

    public init(shopState: ShopState, targets: [any CommerceTarget], primaryLocale: LocaleCode, interval: Duration, logger: Logger, time: Timekeeper = .continuous) {
        self.time = time
        self.shopState = shopState
        self.targets = targets.compactMap { $0 as? any DriftPollingTarget }
        self.primaryLocale = primaryLocale
        self.interval = interval
        self.logger = logger
    }

    /// False when no target can be polled: leave the service out of the group then.
    public var isActive: Bool { !targets.isEmpty }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // A poll exports the whole shop (minutes for a large one): a stop cancels it, and
            // the next start asks again from the same cursor.
            _ = try? await cancelWhenGracefulShutdown { await self.pollOnce() }
            // The interval is minutes long: a stop must not wait it out.
            try? await cancelWhenGracefulShutdown { try await self.time.sleep(for: self.interval) }
        }
    }

    /// One poll of every target; a failing shop is logged and asked again next time from the
    /// same cursor.
    public func pollOnce() async {
        for target in targets {
            var logger = logger
            logger[metadataKey: "target"] = "\(target.name)"
            logger[metadataKey: "stage"] = "drift"
            do {
                let cursor = try await shopState.driftCursor(target: target.name)
                let (changes, next) = try await target.changes(since: cursor, now: shopState.clock.now())
                let outcome = try await shopState.recordShopChanges(changes, target: target.name, primaryLocale: primaryLocale, cursor: next)
                for (sku, moved) in outcome.deleted.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    logger.warning("product deleted in the shop; \(moved) waiting push(es) moved to the manual queue", metadata: ["sku": "\(sku)"])
                }
                for sku in outcome.edited {
                    logger.notice("copy edited in the shop since catalogd's last push; the next push follows conflict_policy", metadata: ["sku": "\(sku)"])
                }
                logger.debug("drift poll: \(outcome.seen) change(s)")
            } catch where Task.isCancelled {
                logger.debug("drift poll cancelled by the stop")
            } catch {
                logger.warning("drift poll failed, will ask again from the same point: \(error)")
            }
        }
    }
}
