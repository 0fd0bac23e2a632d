public import Foundation
import CatalogCore
import CSpawn
import Glibc

/// A program the tests, the crash harness and the benchmarks start: `posix_spawn` with a child
/// that inherits no descriptor but its three standard streams, and an exit seen by `waitpid`.
///
/// Foundation's `Process` is not safe for this on Linux when several threads start programs at
/// once, as the parallel tests do. It closes in the child the descriptors it found open a moment
/// earlier, so a descriptor another thread opens in between leaks into the child. Among those
/// are the socket through which a concurrent `Process` learns of its own child's exit (that exit
/// then goes unseen until the long-lived `catalogd` holding the socket ends) and the write end of
/// a concurrent command's output pipe (whose reader then never sees end of file). Both hung CI
/// runs. Here the child closes every descriptor from 3 up just before exec, whenever it was opened.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `termination` and `waiters` are guarded by `condition`; the rest is immutable.

    /// Where the child's standard output goes.
    public enum Output: Sendable {
        case discard
        /// A pipe, read through `output`.
        case capture
        /// Appended to a file, created if missing.
        case append(URL)
    }

    /// Where the child's standard error goes.
    public enum Errors: Sendable {
        case discard
        /// Wherever standard output goes.
        case intoOutput
    }

    /// How the child ended: its exit status or the signal that ended it.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// The exit status, or the signal's number, as Foundation's `terminationStatus` gives it.
        public var status: Int32 {
            switch self {
            case .exited(let status), .signalled(let status): status
            }
        }
    }

    public let processIdentifier: Int32
    /// The read end of the child's output when it is `.capture`d.
    public let standardOutput: FileHandle?
    /// The write end of the child's standard input when `input` was asked for (else it reads
    /// `/dev/null`).
    public let standardInput: FileHandle?

    private let condition = NSCondition()
    private var termination: Termination?
    private var waiters: [CheckedContinuation<Termination, Never>] = []

    /// Starts `executable` (a path, not looked up in `PATH`) with `arguments` and this process's
    /// environment.
    public init(_ executable: URL, _ arguments: [String], output: Output = .discard, errors: Errors = .discard, input: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        try Self.check(posix_spawn_file_actions_init(&actions), "posix_spawn_file_actions_init")
        defer { posix_spawn_file_actions_destroy(&actions) }

        // Our ends of the pipes are close-on-exec; the child's ends are closed here once it runs.
        var inputPipe: (read: Int32, write: Int32)?
        var outputPipe: (read: Int32, write: Int32)?
        defer {
            if let inputPipe { close(inputPipe.read) }
            if let outputPipe { close(outputPipe.write) }
        }
        if input {
            inputPipe = try Self.pipe()
            try Self.check(posix_spawn_file_actions_adddup2(&actions, inputPipe!.read, STDIN_FILENO), "adddup2")
        } else {
            try Self.check(posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0), "addopen")
        }
        switch output {
        case .discard:
            try Self.check(posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0), "addopen")
        case .capture:
            outputPipe = try Self.pipe()
            try Self.check(posix_spawn_file_actions_adddup2(&actions, outputPipe!.write, STDOUT_FILENO), "adddup2")
        case .append(let file):
            try Self.check(posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, file.path, O_WRONLY | O_APPEND | O_CREAT, 0o644), "addopen")
        }
        switch errors {
        case .discard:
            try Self.check(posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0), "addopen")
        case .intoOutput:
            try Self.check(posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO), "adddup2")
        }
        try Self.check(catalog_spawn_file_actions_addclosefrom(&actions, 3), "addclosefrom")

        // The child starts with no signal blocked and default dispositions, as from a shell,
        // whatever the spawning thread blocks or this process ignores.
        var attributes = posix_spawnattr_t()
        try Self.check(posix_spawnattr_init(&attributes), "posix_spawnattr_init")
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        try Self.check(posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)), "posix_spawnattr_setflags")

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: Int32 = 0
        try Self.check(TestEnvironment.lock.withLock { posix_spawn(&pid, executable.path, &actions, &attributes, argv, environ) }, "posix_spawn \(executable.path)")

        processIdentifier = pid
        standardOutput = outputPipe.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) }
        standardInput = inputPipe.map { FileHandle(fileDescriptor: $0.write, closeOnDealloc: true) }
        // One thread per child blocks in waitpid for it alone; nothing else here reaps it.
        let reaper = Thread { [self] in reap() }
        reaper.name = "waitpid \(pid)"
        reaper.start()
    }

    public var isRunning: Bool { condition.withLock { termination == nil } }

    /// How the child ended, nil while it runs.
    public var ended: Termination? { condition.withLock { termination } }

    /// Sends `signal` (SIGTERM, SIGKILL, SIGHUP…) unless the child has already been reaped, when
    /// its pid may belong to another process.
    public func send(_ signal: Int32) {
        condition.withLock {
            if termination == nil { _ = kill(processIdentifier, signal) }
        }
    }

    /// Waits for the child to end without holding a thread.
    @discardableResult
    public func waitForExit() async -> Termination {
        await withCheckedContinuation { continuation in
            condition.lock()
            if let termination {
                condition.unlock()
                continuation.resume(returning: termination)
            } else {
                waiters.append(continuation)
                condition.unlock()
            }
        }
    }

    /// Blocks the calling thread until the child ends; for synchronous callers off the
    /// cooperative pool.
    @discardableResult
    public func waitUntilExit() -> Termination {
        condition.lock()
        defer { condition.unlock() }
        while termination == nil { condition.wait() }
        return termination!
    }

    /// Starts a program, reads its whole output and waits for it: for short commands.
    public static func run(_ executable: URL, _ arguments: [String], errors: Errors = .discard) throws -> (termination: Termination, output: String) {
        let child = try ChildProcess(executable, arguments, output: .capture, errors: errors)
        let data = child.standardOutput!.readDataToEndOfFile()
        return (child.waitUntilExit(), String(decoding: data, as: UTF8.self))
    }

    /// `run` for async callers: the output is read and the exit awaited without holding a
    /// thread of the cooperative pool, which may be serving the fake the program talks to.
    public static func run(_ executable: URL, _ arguments: [String], errors: Errors = .discard) async throws -> (termination: Termination, output: String) {
        let child = try ChildProcess(executable, arguments, output: .capture, errors: errors)
        let data = await runBlocking { child.standardOutput!.readDataToEndOfFile() }
        return (await child.waitForExit(), String(decoding: data, as: UTF8.self))
    }

    private func reap() {
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) == -1 {
            guard errno == EINTR else { status = 0x7f00; break }  // Not our child: report exit 127.
        }
        // The low seven bits are the ending signal, zero for a normal exit.
        let signal = status & 0x7f
        let ended: Termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        condition.lock()
        termination = ended
        let resumed = waiters
        waiters = []
        condition.broadcast()
        condition.unlock()
        for waiter in resumed { waiter.resume(returning: ended) }
    }

    private static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard catalog_pipe_cloexec(&ends) == 0 else { throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))") }
        return (ends[0], ends[1])
    }

    private static func check(_ result: Int32, _ what: String) throws {
        guard result != 0 else { return }
        throw SpawnError(description: "\(what): \(String(cString: strerror(result)))")
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }
}
