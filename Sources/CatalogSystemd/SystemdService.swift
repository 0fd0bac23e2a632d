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
    let status: @Sendable () -> String
    let logger: Logger

    public init(
        notifier: SystemdNotifier = SystemdNotifier(), heartbeats: Heartbeats, readiness: Readiness, stuckAfter: Duration,
        statusInterval: Duration = .seconds(10), status: @escaping @Sendable () -> String, logger: Logger
    ) {
        self.notifier = notifier
        self.heartbeats = heartbeats
        self.readiness = readiness
        self.stuckAfter = stuckAfter
        self.statusInterval = statusInterval
        self.status = status
        self.logger = logger
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            while !readiness.isReady, !Task.isShuttingDownGracefully {
                try? await Task.sleep(for: .milliseconds(20))
            }
            guard !Task.isShuttingDownGracefully else { return }
            notifier.ready(status: status())
            logger.info("ready", metadata: ["watchdog": "\(notifier.watchdogInterval.map { "\($0)" } ?? "off")"])
            try await loop()
        } onGracefulShutdown: {
            notifier.stopping()
        }
    }

    private func loop() async throws {
        let watchdog = notifier.watchdogInterval
        // Ping at half the watchdog interval, as sd_watchdog_enabled(3) advises.
        let tick = min(watchdog.map { $0 / 2 } ?? statusInterval, statusInterval)
        var sinceStatus = Duration.zero
        var reportedStuck: Set<String> = []
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let stuck = heartbeats.stale(limit: stuckAfter)
            if stuck.isEmpty {
                if watchdog != nil { notifier.watchdog() }
                reportedStuck.removeAll()
            } else {
                for (stage, silence) in stuck where !reportedStuck.contains(stage) {
                    logger.critical("\(stage) has not moved for \(silence.components.seconds) s; watchdog pings stopped so systemd restarts catalogd", metadata: [
                        "stage": "\(stage)", "message_id": "\(SystemdMessageID.workerStuck)",
                    ])
                    reportedStuck.insert(stage)
                }
            }
            sinceStatus += tick
            if sinceStatus >= statusInterval {
                notifier.status(status())
                sinceStatus = .zero
            }
            try? await Task.sleep(for: tick)
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

/// Journal MESSAGE_IDs for systemd-related events (see docs/operations.md).
public enum SystemdMessageID {
    public static let workerStuck = "9a4e2c61d8f34b7e8c1d5a0f3b6e9d27"
}
