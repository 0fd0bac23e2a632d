import CatalogConfiguration
import CatalogCore
import CatalogSystemd
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP (`systemctl reload`): RELOADING=1, read the configuration again; a valid one stops
/// the running services gracefully (queued work stays in SQLite, in-flight work finishes or is
/// released) and the daemon starts again on it, answering READY=1 once its folders are armed;
/// an invalid one is logged and the running configuration stays (READY=1 again at once).
struct ReloadService: Service {
    let reload: @Sendable () throws -> Configuration
    let lifecycle: DaemonLifecycle
    /// What `catalogd --reload` (the units' ExecReload=) waits for.
    let answers: ReloadAnswers
    let notifier: SystemdNotifier
    let status: @Sendable () async -> String
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Runs until the group shuts down: a service that ended early, even after asking for
        // the restart, would be reported by the group as finished unexpectedly.
        for await _ in signals.cancelOnGracefulShutdown() {
            guard !lifecycle.isReloading else {
                answers.rejected("a reload is already under way; try again when it is done")
                continue
            }
            notifier.reloading()
            do {
                let configuration = try reload()
                logger.notice("configuration reloaded; restarting the services on it (queued work is kept)")
                answers.accepted()
                await lifecycle.reload(with: configuration)
            } catch {
                logger.error("reload rejected, the running configuration stays: \(error)", metadata: ["message_id": "\(JournalMessageID.reloadRejected)"])
                answers.rejected("\(error)")
                notifier.ready(status: await status())
            }
        }
    }
}

/// The services running now, and why they are to end: a stop (SIGTERM or SIGINT, watched for
/// the life of the process) or an accepted reload with the configuration to start again on.
/// One holder for both, so a stop that arrives while a reload swaps the services still stops
/// the daemon, and a reload never starts services after a stop.
final class DaemonLifecycle: @unchecked Sendable {
    // @unchecked: state is guarded by `lock`.
    private let lock = NSLock()
    private var group: ServiceGroup?
    private var stopRequested = false
    private var reloadConfiguration: Configuration?

    /// A new generation's services; shut down at once if a stop came before they started.
    func attach(_ group: ServiceGroup) async {
        let stopped = lock.withLock { () -> Bool in
            self.group = group
            reloadConfiguration = nil
            return stopRequested
        }
        if stopped { await group.triggerGracefulShutdown() }
    }

    func stop() async {
        await end { $0.stopRequested = true }
    }

    func reload(with configuration: Configuration) async {
        await end { $0.reloadConfiguration = configuration }
    }

    /// Whether a reload was accepted for the running generation.
    var isReloading: Bool { lock.withLock { reloadConfiguration != nil } }

    /// Once the running generation has ended: the configuration to start the next one on, or
    /// nil to stop.
    var next: Configuration? { lock.withLock { stopRequested ? nil : reloadConfiguration } }

    private func end(_ reason: (DaemonLifecycle) -> Void) async {
        let group = lock.withLock { () -> ServiceGroup? in
            reason(self)
            return self.group
        }
        await group?.triggerGracefulShutdown()
    }
}
