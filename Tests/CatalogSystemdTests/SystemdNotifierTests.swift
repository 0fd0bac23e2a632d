import CatalogCore
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
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
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
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
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
        unsetenv("NOTIFY_SOCKET")
        #expect(!SystemdNotifier().isActive)
        #expect(SystemdNotifier().watchdogInterval == nil)
    }

    /// The service announces readiness only once every folder is armed, pings the watchdog
    /// while the workers beat, stops pinging when one is stuck, and says STOPPING on shutdown.
    @Test func readinessWatchdogAndStuckWorkers() async throws {
        let socket = try NotifySocket()
        setenv("NOTIFY_SOCKET", socket.path, 1)
        setenv("WATCHDOG_USEC", "200000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        defer { for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { unsetenv(name) } }
        let heartbeats = Heartbeats()
        let readiness = Readiness(expected: 2)
        let service = SystemdService(
            heartbeats: heartbeats, readiness: readiness, stuckAfter: .milliseconds(300), statusInterval: .seconds(60),
            status: { "watching 2 folders" }, logger: Logger(label: "test")
        )
        let task = Task { try await service.run() }
        readiness.arrive()
        try await Task.sleep(for: .milliseconds(100))
        #expect(!readiness.isReady)
        heartbeats.beat("generate")
        readiness.arrive()
        #expect(socket.receive() == "READY=1\nSTATUS=watching 2 folders")
        #expect(socket.receive() == "WATCHDOG=1")
        // The worker stops beating: 300 ms later the pings stop. Drop what was sent before,
        // then listen for another 300 ms.
        try await Task.sleep(for: .milliseconds(450))
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(socket.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while socket.receive() != nil {}
        try await Task.sleep(for: .milliseconds(300))
        var pings = 0
        while let message = socket.receive() { if message == "WATCHDOG=1" { pings += 1 } }
        #expect(pings == 0, "a stuck worker must stop the pings")
        timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(socket.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // It moves again: pings resume.
        heartbeats.beat("generate")
        #expect(socket.receive() == "WATCHDOG=1")
        task.cancel()
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
        #expect(!JournalLogHandler.journalIsAvailable(environment: [:]))
    }
}
