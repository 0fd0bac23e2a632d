import CSystemd
import Foundation

/// sd_notify for a `Type=notify` unit: readiness, status text, watchdog pings, reload and stop.
/// Outside systemd (no `NOTIFY_SOCKET`) every call is a no-op, so the daemon runs the same by hand.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// True when systemd (or a test) listens on `NOTIFY_SOCKET`.
    public var isActive: Bool { ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] != nil }

    public func ready(status: String? = nil) { send(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? [])) }
    public func status(_ text: String) { send(["STATUS=\(text)"]) }
    public func watchdog() { send(["WATCHDOG=1"]) }
    public func stopping() { send(["STOPPING=1", "STATUS=stopping: finishing in-flight work"]) }

    /// RELOADING=1 with the monotonic time systemd 253+ expects for `Type=notify-reload`
    /// (systemd 252 ignores the extra field).
    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let micros = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
        send(["RELOADING=1", "MONOTONIC_USEC=\(micros)", "STATUS=reloading the configuration"])
    }

    /// The watchdog interval systemd expects pings within (`WatchdogSec=`), or nil when the
    /// watchdog is off for this process.
    public var watchdogInterval: Duration? {
        var micros: UInt64 = 0
        guard sd_watchdog_enabled(0, &micros) > 0, micros > 0 else { return nil }
        return .microseconds(Int64(micros))
    }

    private func send(_ assignments: [String]) {
        guard isActive else { return }
        _ = sd_notify(0, assignments.joined(separator: "\n"))
    }
}
