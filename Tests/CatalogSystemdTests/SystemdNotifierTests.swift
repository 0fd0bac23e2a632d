import CatalogCore
import CatalogTestSupport
@testable import CatalogSystemd
import Foundation
import Glibc
import Logging
import Testing

/// sd_notify and the journal handler, without systemd: a datagram socket stands in for
/// NOTIFY_SOCKET, and the journal's fields are checked as the handler builds them.
@Suite(.serialized) struct SystemdNotifierTests {
    /// A bound AF_UNIX datagram socket that collects what sd_notify sends.
    final class NotifySocket {
        let path: String
        let descriptor: Int32

        init() throws {
            path = NSTemporaryDirectory() + "notify-\(UUID().uuidString.prefix(8)).sock"
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                _ = path.utf8CString.withUnsafeBytes { raw.copyMemory(from: $0) }
            }
            let bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
            setTimeout(seconds: 10)
        }

        /// How long `receive` waits. Generous by default: under a loaded test run the service
        /// may be scheduled late; a passing test never waits it out.
        func setTimeout(seconds: Double) {
            var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        /// The next datagram, or nil after the timeout.
        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
        }

        deinit {
            close(descriptor)
            unlink(path)
        }
    }

    @Test func notificationsReachTheNotifySocket() throws {
        let socket = try NotifySocket()
        TestEnvironment.set("NOTIFY_SOCKET", socket.path)
        defer { TestEnvironment.unset("NOTIFY_SOCKET") }
        let notifier = SystemdNotifier()
        #expect(notifier.isActive)
        notifier.ready(status: "watching 1 folder")
        #expect(socket.receive() == "READY=1\nSTATUS=watching 1 folder")
        notifier.watchdog()
        #expect(socket.receive() == "WATCHDOG=1")
        notifier.reloading()
        #expect(socket.receive()?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
        notifier.stopping()
        #expect(socket.receive() == "STOPPING=1\nSTATUS=stopping: finishing in-flight work")
    }

    @Test func withoutSystemdNothingIsSent() {
        TestEnvironment.unset("NOTIFY_SOCKET")
        #expect(!SystemdNotifier().isActive)
        #expect(SystemdNotifier().watchdogInterval == nil)
    }

    /// The service announces readiness only once every folder is armed, pings the watchdog
    /// while the workers beat, stops pinging when one is stuck (and says so once), resumes when
    /// it moves again, and refreshes the status when due. Rounds are driven directly, on a
    /// clock the test advances, so nothing here depends on scheduling.
    @Test func readinessWatchdogAndStuckWorkers() async throws {
        let socket = try NotifySocket()
        TestEnvironment.set("NOTIFY_SOCKET", socket.path)
        TestEnvironment.set("WATCHDOG_USEC", "200000")
        TestEnvironment.set("WATCHDOG_PID", "\(getpid())")
        defer { for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { TestEnvironment.unset(name) } }
        let clock = ManualClock()
        let heartbeats = Heartbeats(time: Timekeeper(clock))
        let readiness = Readiness(expected: 2)
        let service = SystemdService(
            heartbeats: heartbeats, readiness: readiness, stuckAfter: .seconds(5), statusInterval: .seconds(10),
            status: { "watching 2 folders" }, logger: Logger(label: "test")
        )
        #expect(SystemdNotifier().watchdogInterval == .milliseconds(200))
        readiness.arrive()
        #expect(await !service.announceReady())
        readiness.arrive()
        #expect(await service.announceReady())
        #expect(socket.receive() == "READY=1\nSTATUS=watching 2 folders")

        var round = SystemdService.Round()
        heartbeats.beat("generate")
        clock.advance(by: .seconds(1))
        await service.tick(&round, elapsed: .milliseconds(100))
        #expect(socket.receive() == "WATCHDOG=1")
        // Six seconds of silence from the worker: no ping, one report.
        clock.advance(by: .seconds(5))
        await service.tick(&round, elapsed: .milliseconds(100))
        clock.advance(by: .seconds(1))
        await service.tick(&round, elapsed: .milliseconds(100))
        #expect(round.reportedStuck == ["generate"])
        // It moves again: pings resume; the status line is due after ten seconds of rounds.
        heartbeats.beat("generate")
        await service.tick(&round, elapsed: .seconds(10))
        #expect(socket.receive() == "WATCHDOG=1", "no ping may have been sent while the worker was stuck")
        #expect(socket.receive() == "STATUS=watching 2 folders")
        #expect(round.reportedStuck.isEmpty)
    }

    @Test func journalFieldsCarryPriorityLocationAndMetadata() {
        let fields = JournalLogHandler.fields(
            level: .warning, message: "publish failed", metadata: ["sku": "ABC-1", "message_id": "0123", "stage": "publish", "bad key!": "x", "_private": "y", "priority": "1"],
            identifier: "catalogd", file: "Outbox.swift", function: "publish(_:)", line: 42
        )
        let map = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        #expect(map["MESSAGE"] == "publish failed")
        #expect(map["PRIORITY"] == "4")
        #expect(map["SYSLOG_IDENTIFIER"] == "catalogd")
        #expect(map["CODE_FILE"] == "Outbox.swift" && map["CODE_LINE"] == "42" && map["CODE_FUNC"] == "publish(_:)")
        #expect(map["SKU"] == "ABC-1")
        #expect(map["MESSAGE_ID"] == "0123")
        #expect(map["STAGE"] == "publish")
        #expect(fields.count == 9, "invalid names and overrides of the handler's own fields are dropped: \(fields.map(\.0))")
        #expect(JournalLogHandler.priority(.critical) == 2 && JournalLogHandler.priority(.debug) == 7)
        // A list is one field per element: an entry about a batch is found by each SKU.
        let batch = JournalLogHandler.fields(level: .info, message: "2 queued", metadata: ["sku": .array(["A-1", "B-2"])], identifier: "catalogd", file: "", function: "", line: 1)
        #expect(batch.filter { $0.0 == "SKU" }.map(\.1) == ["A-1", "B-2"])
        #expect(!JournalLogHandler.journalIsAvailable(environment: [:]))
    }
}
