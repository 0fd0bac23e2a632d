import Foundation

/// When each worker last showed progress: a loop iteration, idle or busy. The systemd watchdog
/// pings only while every registered stage has beaten recently, so a stuck worker stops the
/// pings and systemd restarts the daemon.
public final class Heartbeats: @unchecked Sendable {
    // @unchecked: `beats` is guarded by `lock`.
    private let lock = NSLock()
    private var beats: [String: Duration] = [:]
    private let time: Timekeeper

    /// `time`: when beats happen and how long ago; tests pass a clock they advance.
    public init(time: Timekeeper = .continuous) {
        self.time = time
    }

    /// Registers `stage` (if new) and records progress now.
    public func beat(_ stage: String) {
        let now = time.now
        lock.withLock { beats[stage] = now }
    }

    /// Stages that have not beaten within `limit`, with how long ago they last did.
    public func stale(limit: Duration) -> [(stage: String, silentFor: Duration)] {
        let now = time.now
        return lock.withLock {
            beats.compactMap { stage, last in now - last > limit ? (stage, now - last) : nil }.sorted { $0.stage < $1.stage }
        }
    }
}
