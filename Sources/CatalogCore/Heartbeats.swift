import Foundation

/// When each worker last showed progress: a loop iteration, idle or busy. The systemd watchdog
/// pings only while every registered stage has beaten recently, so a stuck worker stops the
/// pings and systemd restarts the daemon.
public final class Heartbeats: @unchecked Sendable {
    // @unchecked: `beats` is guarded by `lock`.
    private let lock = NSLock()
    private var beats: [String: ContinuousClock.Instant] = [:]

    public init() {}

    /// Registers `stage` (if new) and records progress now.
    public func beat(_ stage: String) {
        lock.withLock { beats[stage] = .now }
    }

    /// Stages that have not beaten within `limit`, with how long ago they last did.
    public func stale(limit: Duration, now: ContinuousClock.Instant = .now) -> [(stage: String, silentFor: Duration)] {
        lock.withLock {
            beats.compactMap { stage, last in now - last > limit ? (stage, now - last) : nil }.sorted { $0.stage < $1.stage }
        }
    }
}
