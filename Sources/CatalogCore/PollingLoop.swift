/// The loop every durable-queue worker runs: take a batch, and when there was nothing to do,
/// wait a little before asking again. An error (the database briefly locked or full) is
/// reported and retried after the same pause instead of ending the worker.
public enum PollingLoop {
    /// - Parameters:
    ///   - time: what the idle delay is slept on.
    ///   - shouldStop: checked before each batch; the worker finishes its current batch first.
    ///   - heartbeat: called once per round, busy or idle (the watchdog's sign of life).
    ///   - step: handles one batch and returns how many items it handled.
    public static func run(
        idleDelay: Duration,
        time: Timekeeper = .continuous,
        shouldStop: () -> Bool,
        heartbeat: () -> Void = {},
        onError: (any Error) -> Void,
        step: () async throws -> Int
    ) async {
        while !shouldStop() && !Task.isCancelled {
            heartbeat()
            let handled: Int
            do {
                handled = try await step()
            } catch {
                onError(error)
                handled = 0
            }
            if handled == 0 {
                try? await time.sleep(for: idleDelay)
            } else {
                // A busy worker must not starve the other tasks (signal handling, shutdown) of
                // the two-thread cooperative pool on a two-core machine.
                await Task.yield()
            }
        }
    }
}

/// Runs blocking work (a large import, a long SQLite transaction) on a Dispatch thread, so it
/// never occupies one of the few threads of Swift's cooperative pool.
extension Duration {
    /// The duration in seconds, fractions included.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .utility).async {
            continuation.resume(returning: body())
        }
    }
}

import Dispatch
