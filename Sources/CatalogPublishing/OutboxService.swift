public import CatalogCore
public import CatalogStore
import Foundation
public import Logging
public import ServiceLifecycle

/// How a failing push is retried before a person is asked.
public struct RetryPolicy: Hashable, Sendable {
    /// Quick retries with exponential backoff (base, 2×base, 4×base…) and ±20% jitter.
    public var quickRetries: Int
    public var baseDelay: Double
    /// After the quick retries: try again this often…
    public var deferInterval: Double
    /// …until the copy has waited this long, then hand it to the manual queue.
    public var giveUpAfter: Double

    public init(quickRetries: Int = 3, baseDelay: Double = 5, deferInterval: Double = 900, giveUpAfter: Double = 86_400) {
        self.quickRetries = quickRetries
        self.baseDelay = baseDelay
        self.deferInterval = deferInterval
        self.giveUpAfter = giveUpAfter
    }

    /// Seconds until the next attempt after `attempts` failures, or nil to give up.
    func delay(afterAttempts attempts: Int, age: Double, jitter: Double) -> Double? {
        guard age < giveUpAfter else { return nil }
        guard attempts > quickRetries else {
            return baseDelay * Double(1 << min(attempts - 1, 20)) * (1 + jitter)
        }
        return deferInterval
    }
}

/// Drains the outbox: claims due rows, pushes each through its target, and records the outcome.
/// A failed push is retried quickly a few times, then deferred, and handed to the manual queue
/// with the last error once it is too old, so nothing is ever silently dropped. A target that
/// keeps failing has its circuit opened: its rows wait (no attempt counted) while the rest of
/// the outbox keeps moving, and the daemon stays healthy.
public struct OutboxService: Service {
    let database: CatalogDatabase
    let targets: [String: any CommerceTarget]
    let retry: RetryPolicy
    let circuits: TargetCircuits
    let idleDelay: Duration
    let logger: Logger

    public init(
        database: CatalogDatabase, targets: [any CommerceTarget], retry: RetryPolicy = RetryPolicy(),
        circuit: CircuitBreaker = CircuitBreaker(failureThreshold: 5, coolDown: 60),
        idleDelay: Duration = .milliseconds(250), logger: Logger
    ) {
        self.database = database
        self.targets = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.retry = retry
        self.circuits = TargetCircuits(template: circuit)
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
        let now = database.clock.now().timeIntervalSince1970
        if let reopensAt = await circuits.blocked(target.name, at: now) {
            try database.postpone(entry, until: Date(timeIntervalSince1970: reopensAt))
            return
        }
        do {
            let outcome = try await target.publish(entry.item)
            await circuits.succeeded(target.name)
            switch outcome {
            case .published:
                try database.markPublished(entry)
                logger.debug("published")
            case .needsManualHandling(let reason):
                try database.moveToManualQueue(entry, reason: reason)
                logger.notice("queued for manual handling: \(reason)")
            case .keptShopCopy(let reason):
                try database.markKeptShopCopy(entry, reason: reason)
                logger.notice("kept the shop's copy: \(reason)")
            }
        } catch {
            await circuits.failed(target.name, at: now)
            let attempts = entry.attempts + 1
            let age = now - entry.createdAt.timeIntervalSince1970
            if let delay = retry.delay(afterAttempts: attempts, age: age, jitter: Double.random(in: -0.2...0.2)) {
                try database.scheduleRetry(entry, error: "\(error)", delaySeconds: delay)
                logger.warning("publish failed (attempt \(attempts)), retrying in \(Int(delay))s: \(error)")
            } else {
                let hours = (age / 3600 * 10).rounded() / 10
                try database.moveToManualQueue(entry, reason: "publish failed \(attempts) times over \(hours) h: \(error)")
                logger.error("publish failed \(attempts) times over \(hours) h; moved to manual queue: \(error)")
            }
        }
    }
}

/// One circuit breaker per target, on the database's clock.
actor TargetCircuits {
    private let template: CircuitBreaker
    private var circuits: [String: CircuitBreaker] = [:]

    init(template: CircuitBreaker) {
        self.template = template
    }

    /// nil when a push may go through; else when the circuit lets a trial through.
    func blocked(_ target: String, at now: Double) -> Double? {
        var circuit = circuits[target] ?? template
        defer { circuits[target] = circuit }
        if circuit.admits(at: now) { return nil }
        return max(circuit.openUntil ?? now, now + 1)
    }

    func succeeded(_ target: String) {
        circuits[target]?.succeeded()
    }

    func failed(_ target: String, at now: Double) {
        var circuit = circuits[target] ?? template
        circuit.failed(at: now)
        circuits[target] = circuit
    }
}
