public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How `systemctl reload` learns what became of it. systemd 252 returns from a reload when the
/// `ExecReload=` command exits, and a bare `kill -HUP` exits at once: the reload returned
/// before the new configuration was live, and returned 0 when it was rejected. The units run
/// `catalogd --reload $MAINPID` instead, which signals the daemon and waits for its answer
/// here: accepted once the services run on the new configuration (READY=1), or rejected with
/// the reason, which makes `systemctl reload` fail.
///
/// The answer is one small JSON file in the state directory, replaced atomically, stamped with
/// the daemon's pid and a sequence number that grows with each answer.
public struct ReloadAnswer: Codable, Sendable, Equatable {
    public var pid: Int32
    public var sequence: Int
    public var accepted: Bool
    public var reason: String

    static func file(in stateDirectory: URL) -> URL { stateDirectory.appendingPathComponent("reload-answer.json") }

    static func read(in stateDirectory: URL) -> ReloadAnswer? {
        guard let data = try? Data(contentsOf: file(in: stateDirectory)) else { return nil }
        return try? JSONDecoder().decode(ReloadAnswer.self, from: data)
    }

    /// The helper's side: SIGHUP to `pid`, then wait for an answer newer than the one before.
    public static func request(pid: Int32, stateDirectory: URL, timeout: Duration = .seconds(110)) async throws -> ReloadAnswer {
        let before = read(in: stateDirectory).flatMap { $0.pid == pid ? $0.sequence : nil } ?? 0
        guard kill(pid, SIGHUP) == 0 else {
            throw ReloadFailure("cannot signal catalogd (pid \(pid)): \(String(cString: strerror(errno)))")
        }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let answer = read(in: stateDirectory), answer.pid == pid, answer.sequence > before { return answer }
            guard kill(pid, 0) == 0 else {
                throw ReloadFailure("catalogd (pid \(pid)) exited during the reload; see journalctl")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ReloadFailure("catalogd (pid \(pid)) did not answer the reload within \(timeout.components.seconds) s")
    }
}

/// Why `catalogd --reload` got no answer.
public struct ReloadFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The daemon's side: answers each reload once, rejected at once or accepted when the new
/// services are ready.
final class ReloadAnswers: @unchecked Sendable {
    // @unchecked: the counters are guarded by `lock`.
    private let lock = NSLock()
    private let stateDirectory: URL
    private var sequence = 0
    private var awaitingReady = false

    init(stateDirectory: URL) {
        self.stateDirectory = stateDirectory
    }

    /// A reload that was refused: answered now.
    func rejected(_ reason: String) {
        lock.withLock { write(accepted: false, reason: reason) }
    }

    /// A reload whose configuration was accepted: answered when the services are ready.
    func accepted() {
        lock.withLock { awaitingReady = true }
    }

    /// Called on every READY=1: answers an accepted reload that waited for it.
    func ready() {
        lock.withLock {
            guard awaitingReady else { return }
            awaitingReady = false
            write(accepted: true, reason: "the new configuration is live")
        }
    }

    private func write(accepted: Bool, reason: String) {
        sequence += 1
        let answer = ReloadAnswer(pid: getpid(), sequence: sequence, accepted: accepted, reason: reason)
        guard let data = try? JSONEncoder().encode(answer) else { return }
        // Replaced whole (write beside it, then rename), so the helper never reads half of it.
        try? data.write(to: ReloadAnswer.file(in: stateDirectory), options: .atomic)
    }
}
