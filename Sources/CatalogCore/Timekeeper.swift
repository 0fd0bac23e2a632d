/// A monotonic clock reduced to what catalogd's timers need: how long since the timekeeper was
/// made, and a sleep. Made from any `Clock<Duration>`: services get `ContinuousClock` by
/// default, and tests pass a clock they advance, so a poll interval, a cool-down or a bulk
/// operation's deadline is checked without waiting on wall-clock time.
public struct Timekeeper: Sendable {
    private let elapsedSinceStart: @Sendable () -> Duration
    private let sleepFor: @Sendable (Duration) async throws -> Void

    public init<C: Clock<Duration>>(_ clock: C) {
        let started = clock.now
        elapsedSinceStart = { started.duration(to: clock.now) }
        sleepFor = { try await clock.sleep(for: $0) }
    }

    /// Real monotonic time.
    public static var continuous: Timekeeper { Timekeeper(ContinuousClock()) }

    /// Time since the timekeeper was made: instants to compare, and deadlines to set.
    public var now: Duration { elapsedSinceStart() }

    /// Sleeps for `duration` on the clock; throws `CancellationError` when the task is
    /// cancelled.
    public func sleep(for duration: Duration) async throws {
        try await sleepFor(duration)
    }

    /// How long ago `instant` (a reading of `now`) was.
    public func since(_ instant: Duration) -> Duration { now - instant }
}
