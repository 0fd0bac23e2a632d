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
    let request: ReloadRequest
    let notifier: SystemdNotifier
    let status: @Sendable () -> String
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Runs until the group shuts down: a service that ended early, even after asking for
        // the restart, would be reported by the group as finished unexpectedly.
        for await _ in signals.cancelOnGracefulShutdown() {
            guard !request.isReloading else { continue }
            notifier.reloading()
            do {
                let configuration = try reload()
                logger.notice("configuration reloaded; restarting the services on it (queued work is kept)")
                await request.restart(with: configuration)
            } catch {
                logger.error("reload rejected, the running configuration stays: \(error)", metadata: ["message_id": "\(JournalMessageID.reloadRejected)"])
                notifier.ready(status: status())
            }
        }
    }
}

/// Carries a reload from the signal handler to the loop that rebuilds the services.
final class ReloadRequest: @unchecked Sendable {
    // @unchecked: state is guarded by `lock`.
    private let lock = NSLock()
    private var next: Configuration?
    private var group: ServiceGroup?

    func attach(_ group: ServiceGroup) {
        lock.withLock { self.group = group }
    }

    func restart(with configuration: Configuration) async {
        let group = lock.withLock { () -> ServiceGroup? in
            next = configuration
            return self.group
        }
        await group?.triggerGracefulShutdown()
    }

    /// The configuration to restart on, once a reload was accepted.
    var configuration: Configuration? { lock.withLock { next } }
    var isReloading: Bool { configuration != nil }
}

/// SIGTERM or SIGINT, for the life of the process: shuts down the services running now, and
/// keeps a reload from starting new ones.
final class StopRequest: @unchecked Sendable {
    // @unchecked: state is guarded by `lock`.
    private let lock = NSLock()
    private var requested = false
    private var group: ServiceGroup?

    var isRequested: Bool { lock.withLock { requested } }

    func request() async {
        let group = lock.withLock { () -> ServiceGroup? in
            requested = true
            return self.group
        }
        await group?.triggerGracefulShutdown()
    }

    /// The services now running; shut down at once if the stop came before they started.
    func attach(_ group: ServiceGroup) async {
        let stopped = lock.withLock { () -> Bool in
            self.group = group
            return requested
        }
        if stopped { await group.triggerGracefulShutdown() }
    }
}
