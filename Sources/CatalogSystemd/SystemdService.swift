public import CatalogCore
import Foundation
public import Logging
public import ServiceLifecycle

/// Talks to systemd for the daemon: READY=1 once every watched folder is armed (the database is
/// open and migrated before any service starts), STATUS= with live counts, WATCHDOG=1 only
/// while every worker keeps moving, and STOPPING=1 when the graceful shutdown begins.
public struct SystemdService: Service {
    let notifier: SystemdNotifier
    let heartbeats: Heartbeats
    let readiness: Readiness
    /// A worker silent for longer than this counts as stuck: the watchdog pings stop.
    let stuckAfter: Duration
    let statusInterval: Duration
    let status: @Sendable () async -> String
    /// True while the services stop for a reload: no STOPPING=1 then (systemd is waiting for
    /// READY=1 after RELOADING=1).
    let isReloading: @Sendable () -> Bool
    /// Runs after each READY=1 (a reload's answer waits for it).
    let onReady: @Sendable () -> Void
    let logger: Logger
    /// What the rounds sleep on.
    let time: Timekeeper

    public init(
        notifier: SystemdNotifier = SystemdNotifier(), isReloading: @escaping @Sendable () -> Bool = { false }, onReady: @escaping @Sendable () -> Void = {}, heartbeats: Heartbeats, readiness: Readiness, stuckAfter: Duration,
        statusInterval: Duration = .seconds(10), status: @escaping @Sendable () async -> String, logger: Logger, time: Timekeeper = .continuous
    ) {
        self.time = time
        self.notifier = notifier
        self.isReloading = isReloading
        self.onReady = onReady
        self.heartbeats = heartbeats
        self.readiness = readiness
        self.stuckAfter = stuckAfter
        self.statusInterval = statusInterval
        self.status = status
        self.logger = logger
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            while await !announceReady(), !Task.isShuttingDownGracefully {
                try? await time.sleep(for: .milliseconds(20))
            }
            guard !Task.isShuttingDownGracefully else { return }
            logger.info("ready", metadata: ["watchdog": "\(notifier.watchdogInterval.map { "\($0)" } ?? "off")"])
            // Ping at half the watchdog interval, as sd_watchdog_enabled(3) advises.
            let tick = min(notifier.watchdogInterval.map { $0 / 2 } ?? statusInterval, statusInterval)
            var round = Round()
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                await self.tick(&round, elapsed: tick)
                // Wakes at once on shutdown or reload instead of finishing the nap.
                try? await cancelWhenGracefulShutdown { try await time.sleep(for: tick) }
            }
        } onGracefulShutdown: {
            if !isReloading() { notifier.stopping() }
        }
    }

    /// Sends READY=1 once every watched folder is armed; false while some are not.
    func announceReady() async -> Bool {
        guard readiness.isReady else { return false }
        notifier.ready(status: await status())
        onReady()
        return true
    }

    /// What the loop carries from one round to the next.
    struct Round {
        var sinceStatus = Duration.zero
        var reportedStuck: Set<String> = []
    }

    /// One round: a watchdog ping if every worker moved within `stuckAfter` (else a critical
    /// log line, once per stuck stage), and the status line when it is due.
    func tick(_ round: inout Round, elapsed: Duration) async {
        let stuck = heartbeats.stale(limit: stuckAfter)
        if stuck.isEmpty {
            if notifier.watchdogInterval != nil { notifier.watchdog() }
            round.reportedStuck.removeAll()
        } else {
            for (stage, silence) in stuck where !round.reportedStuck.contains(stage) {
                logger.critical("\(stage) has not moved for \(silence.components.seconds) s; watchdog pings stopped so systemd restarts catalogd", metadata: [
                    "stage": "\(stage)", "message_id": "\(JournalMessageID.workerStuck)",
                ])
                round.reportedStuck.insert(stage)
            }
        }
        round.sinceStatus += elapsed
        if round.sinceStatus >= statusInterval {
            notifier.status(await status())
            round.sinceStatus = .zero
        }
    }
}

/// Counts watched folders as they are armed; the daemon is ready when all are.
public final class Readiness: @unchecked Sendable {
    // @unchecked: `armed` is guarded by `lock`.
    private let lock = NSLock()
    private let expected: Int
    private var armed = 0

    public init(expected: Int) {
        self.expected = expected
    }

    public func arrive() {
        lock.withLock { armed += 1 }
    }

    public var isReady: Bool { lock.withLock { armed >= expected } }
}
