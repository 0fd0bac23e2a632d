public import CatalogCore
public import CatalogStore
public import Logging
public import ServiceLifecycle

/// Drains the outbox: claims due rows, pushes each through its target, and records the outcome.
/// A failed push is retried with exponential backoff; after `maxAttempts` it goes to the manual
/// queue with the last error, so nothing is ever silently dropped.
public struct OutboxService: Service {
    let database: CatalogDatabase
    let targets: [String: any CommerceTarget]
    let maxAttempts: Int
    let idleDelay: Duration
    let logger: Logger

    public init(database: CatalogDatabase, targets: [any CommerceTarget], maxAttempts: Int = 8, idleDelay: Duration = .milliseconds(250), logger: Logger) {
        self.database = database
        self.targets = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.maxAttempts = maxAttempts
        self.idleDelay = idleDelay
        self.logger = logger
    }

    public func run() async throws {
        await PollingLoop.run(
            idleDelay: idleDelay,
            shouldStop: { Task.isShuttingDownGracefully },
            onError: { logger.error("outbox unavailable, retrying: \($0)", metadata: ["stage": "publish"]) },
            step: { try await drainOnce() }
        )
    }

    /// One batch; returns how many rows it handled. Exposed for tests and `catalogctl`.
    @discardableResult
    public func drainOnce(batchSize: Int = 50) async throws -> Int {
        let entries = try database.claimOutbox(limit: batchSize)
        for entry in entries {
            try await publish(entry)
        }
        return entries.count
    }

    private func publish(_ entry: OutboxEntry) async throws {
        let copy = entry.item.copy
        var logger = logger
        logger[metadataKey: "sku"] = "\(copy.sku)"
        logger[metadataKey: "locale"] = "\(copy.locale)"
        logger[metadataKey: "target"] = "\(entry.item.target)"
        logger[metadataKey: "stage"] = "publish"
        guard let target = targets[entry.item.target] else {
            try database.moveToManualQueue(entry, reason: "target '\(entry.item.target)' is not configured")
            logger.warning("publish target missing; queued for manual handling")
            return
        }
        do {
            switch try await target.publish(entry.item) {
            case .published:
                try database.markPublished(entry)
                logger.debug("published")
            case .needsManualHandling(let reason):
                try database.moveToManualQueue(entry, reason: reason)
                logger.debug("queued for manual handling: \(reason)")
            }
        } catch {
            let attempts = entry.attempts + 1
            if attempts >= maxAttempts {
                try database.moveToManualQueue(entry, reason: "publish failed \(attempts) times: \(error)")
                logger.error("publish failed \(attempts) times; moved to manual queue: \(error)")
            } else {
                let delay = Self.backoffSeconds(attempt: attempts)
                try database.scheduleRetry(entry, error: "\(error)", delaySeconds: delay)
                logger.warning("publish failed, retrying in \(Int(delay))s: \(error)")
            }
        }
    }

    /// 5 s, 10 s, 20 s … capped at one hour.
    static func backoffSeconds(attempt: Int) -> Double {
        min(3600, 5 * Double(1 << min(attempt - 1, 20)))
    }
}
