import Foundation

/// A monotonic `Clock` that moves only when a test advances it: timers, windows and
/// cool-downs are checked without sleeping on wall-clock time, so a loaded machine cannot make
/// them flaky. Sleepers wake, in deadline order, when `advance` reaches their deadline.
public final class ManualClock: Clock, @unchecked Sendable {
    // @unchecked: `current` and `sleepers` are guarded by `lock`.
    public struct Instant: InstantProtocol {
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        let id: UInt64
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [Sleeper] = []
    private var nextID: UInt64 = 0

    public init() {}

    public var now: Instant { lock.withLock { current } }
    public var minimumResolution: Duration { .zero }

    /// How many tasks are asleep on this clock: a test waits for a task to reach its sleep
    /// before advancing past it.
    public var sleeping: Int { lock.withLock { sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = lock.withLock { () -> UInt64 in nextID += 1; return nextID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = lock.withLock {
                    if deadline <= current || Task.isCancelled { return true }
                    sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let cancelled = lock.withLock { () -> Sleeper? in
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    /// Moves time on by `duration` and wakes every sleeper whose deadline it reaches.
    public func advance(by duration: Duration) {
        let due: [Sleeper] = lock.withLock {
            current = current.advanced(by: duration)
            let due = sleepers.filter { $0.deadline <= current }.sorted { $0.deadline < $1.deadline }
            sleepers.removeAll { $0.deadline <= current }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits (on real time, in short yields) until `count` tasks sleep on this clock.
    public func waitForSleepers(_ count: Int = 1) async {
        while sleeping < count { await Task.yield() }
    }

    /// Runs `body`, and each time every task it started is asleep on this clock, moves time on
    /// to the earliest deadline: a poll loop runs to its deadline at once. Between the body's
    /// sleeps (its network calls) this waits on real time, in millisecond naps.
    public func drive<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let finished = Finished()
        let watcher = Task {
            _ = try? await task.value
            finished.set()
        }
        defer { watcher.cancel() }
        while !finished.isSet {
            if let next = lock.withLock({ sleepers.map(\.deadline).min() }) {
                advance(by: now.duration(to: next))
            }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return try await task.value
    }

    private final class Finished: @unchecked Sendable {
        // @unchecked: `value` is guarded by `lock`.
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }
}
