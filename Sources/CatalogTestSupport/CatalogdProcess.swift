public import Foundation
import CatalogCore
import Glibc

/// `catalogd` as a test or a harness runs it: started (and, after a kill, started again) with
/// the same arguments, every run appending its output to one log file the caller can read.
public final class CatalogdProcess: @unchecked Sendable {
    // @unchecked: `process` is guarded by `lock`.
    private let lock = NSLock()
    private var process: ChildProcess?
    public let executable: URL
    public let arguments: [String]
    public let logFile: URL

    public init(executable: URL, arguments: [String], logFile: URL) {
        self.executable = executable
        self.arguments = arguments
        self.logFile = logFile
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
    }

    deinit {
        if let process, process.isRunning {
            process.send(SIGTERM)
            process.waitUntilExit()
        }
    }

    public func start() throws {
        let process = try ChildProcess(executable, arguments, output: .append(logFile), errors: .intoOutput)
        lock.withLock { self.process = process }
    }

    public var isRunning: Bool { lock.withLock { process?.isRunning ?? false } }

    /// The current (or last) run's process id, 0 before the first start.
    public var processIdentifier: Int32 { lock.withLock { process?.processIdentifier ?? 0 } }

    /// Whether the last run ended by a signal rather than by exiting.
    public var endedBySignal: Bool {
        if case .signalled = lock.withLock({ process?.ended }) { return true }
        return false
    }

    /// Everything every run has logged so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// The admin port's base URL as the daemon logged it (`[admin] listen = "127.0.0.1:0"`).
    public var adminURL: String? {
        log.split(separator: "\n").first { $0.contains("admin endpoints on") }?
            .split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)
    }

    /// `systemctl reload`: ExecReload=kill -HUP $MAINPID.
    public func reload() {
        signal(SIGHUP)
    }

    /// SIGKILL, and waits until the process is gone.
    public func kill() async {
        guard let process = lock.withLock({ process }) else { return }
        process.send(SIGKILL)
        await process.waitForExit()
    }

    /// SIGTERM and the exit status; a daemon that has not exited within `timeout` is killed
    /// and reported as an error.
    @discardableResult
    public func stop(timeout: Duration = .seconds(30)) async throws -> Int32 {
        terminate()
        return try await exitStatus(within: timeout)
    }

    /// SIGTERM, as `systemctl stop` sends it, without waiting.
    public func terminate() {
        signal(SIGTERM)
    }

    /// The exit status once the process has exited; one still running after `timeout` is
    /// killed and reported as an error.
    public func exitStatus(within timeout: Duration = .seconds(30)) async throws -> Int32 {
        guard let process = lock.withLock({ process }) else { return 0 }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                await kill()
                throw StopTimeout(description: "catalogd did not exit within \(timeout) of SIGTERM; killed")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.ended?.status ?? 0
    }

    public struct StopTimeout: Error, CustomStringConvertible {
        public let description: String
    }

    private func signal(_ number: Int32) {
        lock.withLock { process }?.send(number)
    }
}
