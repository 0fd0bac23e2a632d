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
    let outbox: Outbox
    /// Where a push that meets a person's edit in the shop is held (conflict policy `queue`).
    let review: ReviewQueue
    let clock: any WallClock
    let targets: [String: any CommerceTarget]
    let retry: RetryPolicy
    let circuits: TargetCircuits
    let idleDelay: Duration
    /// What the idle delay is slept on and runs are timed on.
    let time: Timekeeper
    let heartbeat: @Sendable () -> Void
    /// Called per item with the target, the outcome (published, manual, kept, retry, deferred)
    /// and how long the push took (metrics).
    let onResult: @Sendable (String, String, Duration?) -> Void
    let logger: Logger
    /// The shops' primary locale: its copy of a product is pushed before the translations.
    let primaryLocale: String?

    public init(
        outbox: Outbox, review: ReviewQueue, targets: [any CommerceTarget], primaryLocale: LocaleCode? = nil, retry: RetryPolicy = RetryPolicy(),
        circuit: CircuitBreaker = CircuitBreaker(failureThreshold: 5, coolDown: 60),
        idleDelay: Duration = .milliseconds(250), heartbeat: @escaping @Sendable () -> Void = {},
        onResult: @escaping @Sendable (String, String, Duration?) -> Void = { _, _, _ in }, logger: Logger, time: Timekeeper = .continuous
    ) {
        self.time = time
        self.heartbeat = heartbeat
        self.onResult = onResult
        self.outbox = outbox
        self.review = review
        self.clock = outbox.clock
        self.targets = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.retry = retry
        self.circuits = TargetCircuits(template: circuit)
        self.idleDelay = idleDelay
        self.logger = logger
        self.primaryLocale = primaryLocale?.identifier
    }

    /// Two lanes: the main one drains everything (bulk batches included); the urgent one takes
    /// only manual and inventory rows, one at a time, so a sell-out never waits behind a bulk
    /// operation that takes minutes. Leases keep the lanes from taking the same row.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            // The main lane's pace is the watchdog's sign of life: it is the one a stuck bulk
            // operation would hold up.
            group.addTask { await lane("outbox", heartbeat: heartbeat) { try await drainOnce() } }
            group.addTask { await lane("urgent outbox lane", heartbeat: {}) { try await drainUrgent() } }
        }
    }

    private func lane(_ name: String, heartbeat: @escaping @Sendable () -> Void, step: @escaping @Sendable () async throws -> Int) async {
        await PollingLoop.run(
            idleDelay: idleDelay,
            time: time,
            shouldStop: { Task.isShuttingDownGracefully },
            heartbeat: heartbeat,
            onError: { logger.error("\(name) unavailable, retrying: \($0)", metadata: ["stage": "publish"]) },
            step: step
        )
    }

    /// One round; returns how many rows it handled. Exposed for tests and `catalogctl`.
    /// Bulk-capable targets get their due routine rows first, in one batch when at least
    /// `batchThreshold` of them are due (counted in the outbox, not in one claim: the primary
    /// locale's rows are claimed before their translations, so a claim of 250 primaries with
    /// 500 translations behind them is a bulk run); everything else is pushed one row at a time.
    @discardableResult
    public func drainOnce(batchSize: Int = 50) async throws -> Int {
        var handled = 0
        let batchTargets = targets.values.compactMap { $0 as? any BatchCommerceTarget }
        for target in batchTargets {
            let now = clock.now().timeIntervalSince1970
            // Only a look: the half-open circuit's one trial belongs to a push that happens (a
            // claim can come back empty), and the batch or the first single push takes it.
            guard await !circuits.coolingDown(target.name, at: now) else { continue }
            // The lease covers the whole batch: rows the target pushes one by one (translations)
            // can take most of a second each while the cost bucket refills.
            let limit = max(target.batchThreshold, batchSize) * 4
            let entries = try await outbox.claimOutbox(limit: limit, target: target.name, lane: .routine, leaseSeconds: 120 + 2 * Double(limit), primaryLocale: primaryLocale)
            handled += entries.count
            let due = entries.count + (try await outbox.dueOutboxRows(target: target.name, lane: .routine, cap: target.batchThreshold - entries.count))
            guard entries.count > 1, due >= target.batchThreshold else {
                try await publishEach(entries)
                continue
            }
            let start = time.now
            let results = await target.publish(batch: entries.map(\.item))
            try await record(batch: Array(zip(entries, results)), target: target, took: time.since(start) / max(entries.count, 1))
        }
        // The rest, one at a time. Not the batch targets' routine rows: those wait for their own
        // claim (and circuit) above; taken here, each was settled in its own transaction (a bulk
        // run into the manual queue made 47,000 commits of a row each, 8 GB of log for 20,000 SKUs).
        let entries = try await outbox.claimOutbox(limit: batchSize, leavingRoutineRowsOf: batchTargets.map(\.name), primaryLocale: primaryLocale)
        try await publishEach(entries)
        return handled + entries.count
    }

    /// One round of the urgent lane: manual and inventory rows, one push at a time, a few per
    /// claim so a new sell-out is picked up soon.
    @discardableResult
    public func drainUrgent(batchSize: Int = 5) async throws -> Int {
        let entries = try await outbox.claimOutbox(limit: batchSize, lane: .urgent, primaryLocale: primaryLocale)
        try await publishEach(entries)
        return entries.count
    }

    /// Pushes claimed rows one at a time; on a graceful shutdown the ones not yet pushed are
    /// released, so `systemctl stop` waits for one push, not for hundreds.
    private func publishEach(_ entries: [OutboxEntry]) async throws {
        var exported: [String: [String: [SKU]]] = [:]
        defer { logExports(exported) }
        for (index, entry) in entries.enumerated() {
            guard !Task.isShuttingDownGracefully else {
                try await outbox.releaseOutbox(Array(entries[index...]))
                return
            }
            if case .manual(let reason)? = try await publish(entry), isExport(entry.item.target) {
                exported[entry.item.target, default: [:]][reason, default: []].append(entry.item.copy.sku)
            }
        }
    }

    private func logger(for entry: OutboxEntry) -> Logger {
        var logger = logger
        logger[metadataKey: "sku"] = "\(entry.item.copy.sku)"
        logger[metadataKey: "locale"] = "\(entry.item.copy.locale)"
        logger[metadataKey: "target"] = "\(entry.item.target)"
        logger[metadataKey: "stage"] = "publish"
        return logger
    }

    /// Pushes one row and records the result; returns how it settled, if it did.
    private func publish(_ entry: OutboxEntry) async throws -> OutboxSettlement? {
        guard let target = targets[entry.item.target] else {
            try await outbox.moveToManualQueue(entry, reason: "target '\(entry.item.target)' is not configured")
            logger(for: entry).warning("publish target missing; queued for manual handling")
            return nil
        }
        let now = clock.now().timeIntervalSince1970
        if let reopensAt = await circuits.blocked(target.name, at: now) {
            try await outbox.postpone(entry, until: Date(timeIntervalSince1970: reopensAt))
            return nil
        }
        let result: Result<PublishOutcome, any Error>
        let start = time.now
        do {
            result = .success(try await target.publish(entry.item))
        } catch {
            result = .failure(error)
        }
        return try await record(result, for: entry, target: target.name, took: time.since(start))
    }

    /// Records a batch's results: what was published or handed to a person in one
    /// transaction, the rest (conflicts, retries) one by one. Hand-overs to the export queue
    /// are logged as one line per batch. The batch is one call to the target, and the
    /// target's circuit counts it once: failed when every item failed, else succeeded (500
    /// rows of one failed bulk used to be 500 failures in a row).
    private func record(batch: [(OutboxEntry, Result<PublishOutcome, any Error>)], target: any CommerceTarget, took: Duration) async throws {
        var settled: [(entry: OutboxEntry, outcome: OutboxSettlement)] = []
        var rest: [(OutboxEntry, Result<PublishOutcome, any Error>)] = []
        for (entry, result) in batch {
            if case .success(let outcome) = result, let settlement = Self.settlement(of: outcome) {
                settled.append((entry, settlement))
            } else {
                rest.append((entry, result))
            }
        }
        if batch.allSatisfy({ if case .failure = $0.1 { true } else { false } }) {
            await circuits.failed(target.name, at: clock.now().timeIntervalSince1970)
        } else {
            await circuits.succeeded(target.name)
        }
        if !settled.isEmpty {
            try await outbox.settle(settled)
            var exported: [String: [SKU]] = [:]
            for (entry, outcome) in settled {
                report(outcome, for: entry, target: target.name, took: took)
                if case .manual(let reason) = outcome, isExport(target.name) { exported[reason, default: []].append(entry.item.copy.sku) }
            }
            logExports([target.name: exported])
        }
        for (entry, result) in rest {
            try await record(result, for: entry, target: target.name, took: took, countedByCircuit: true)
        }
    }

    /// The outcomes `settle` records: published, or handed to a person.
    private static func settlement(of outcome: PublishOutcome) -> OutboxSettlement? {
        switch outcome {
        case .published: .published(note: nil)
        case .publishedWithNote(let note): .published(note: note)
        case .needsManualHandling(let reason): .manual(reason: reason)
        case .conflict, .keptShopCopy: nil
        }
    }

    /// Whether `target` is the manual queue: the embedded default's target, where handing copy
    /// to a person is the normal path, not a failure to alert on.
    private func isExport(_ target: String) -> Bool {
        targets[target] is ManualQueueTarget
    }

    /// Hand-overs to the export queue, by target and reason: one line each, not one per row,
    /// carrying every SKU it covers (journald's SKU= finds the line by any of them).
    private func logExports(_ exported: [String: [String: [SKU]]]) {
        for (target, reasons) in exported {
            for (reason, skus) in reasons {
                logger.info("\(skus.count) item(s) queued for export: \(reason)", metadata: [
                    "message_id": "\(JournalMessageID.queuedForExport)", "stage": "publish", "target": "\(target)",
                    "sku": .array(skus.uniqued().map { "\($0)" }),
                ])
            }
        }
    }

    /// Counts a settled push and logs it; hand-overs to the export queue are counted by the
    /// caller and logged per batch (`logExports`).
    private func report(_ outcome: OutboxSettlement, for entry: OutboxEntry, target: String, took: Duration) {
        let logger = logger(for: entry)
        switch outcome {
        case .published(let note):
            onResult(target, "published", took)
            if let note { logger.notice("published: \(note)") } else { logger.debug("published") }
        case .manual(let reason):
            onResult(target, "manual", took)
            if !isExport(target) {
                logger.notice("queued for manual handling: \(reason)", metadata: ["message_id": "\(Self.messageID(forManual: reason))"])
            }
        }
    }

    /// Records one push's result: the outcome, or a retry, a deferral, or the manual queue.
    @discardableResult
    /// `countedByCircuit`: the call was already counted by the target's circuit (a batch).
    private func record(_ result: Result<PublishOutcome, any Error>, for entry: OutboxEntry, target: String, took: Duration, countedByCircuit: Bool = false) async throws -> OutboxSettlement? {
        let logger = logger(for: entry)
        let now = clock.now().timeIntervalSince1970
        switch result {
        case .success(let outcome):
            if !countedByCircuit { await circuits.succeeded(target) }
            if let settlement = Self.settlement(of: outcome) {
                try await outbox.settle([(entry, settlement)])
                report(settlement, for: entry, target: target, took: took)
                return settlement
            }
            switch outcome {
            case .published, .publishedWithNote, .needsManualHandling:
                break  // settled above
            case .conflict(let reason, let shop):
                try await review.openConflictReview(entry, reason: reason, shop: shop)
                onResult(target, "review", took)
                logger.notice("edited in the shop since the last push; both copies are in the review queue: \(reason)")
            case .keptShopCopy(let reason):
                try await outbox.markKeptShopCopy(entry, reason: reason)
                onResult(target, "kept", took)
                logger.notice("kept the shop's copy: \(reason)")
            }
        case .failure(let error):
            if !countedByCircuit { await circuits.failed(target, at: now) }
            let attempts = entry.attempts + 1
            let age = now - entry.createdAt.timeIntervalSince1970
            if let delay = retry.delay(afterAttempts: attempts, age: age, jitter: Double.random(in: -0.2...0.2)) {
                let waiting = (error as? any SiblingDependentError)?.waitsForSibling ?? false
                try await outbox.scheduleRetry(entry, error: "\(error)", delaySeconds: delay, waitsForSibling: waiting)
                onResult(target, "retry", took)
                logger.warning("publish failed (attempt \(attempts)), retrying in \(Int(delay))s: \(error)")
            } else {
                let hours = (age / 3600 * 10).rounded() / 10
                try await outbox.moveToManualQueue(entry, reason: "publish failed \(attempts) times over \(hours) h: \(error)")
                onResult(target, "manual", took)
                logger.error("publish failed \(attempts) times over \(hours) h; moved to manual queue: \(error)", metadata: ["message_id": "\(JournalMessageID.sentToManualQueue)"])
            }
        }
        return nil
    }
}

extension OutboxService {
    /// A version lock mismatch has its own id (upgrade catalogd); anything else sent to a
    /// person is "sent to the manual queue".
    static func messageID(forManual reason: String) -> String {
        reason.contains(VersionLock.mismatchMarker) ? JournalMessageID.versionLockMismatch : JournalMessageID.sentToManualQueue
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

    /// Whether the target's circuit is open and its cool-down not over; takes no trial.
    func coolingDown(_ target: String, at now: Double) -> Bool {
        guard let openUntil = circuits[target]?.openUntil else { return false }
        return now < openUntil
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
