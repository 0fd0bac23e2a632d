import CatalogTestSupport
import Foundation
import Glibc
import Synchronization
import Testing

/// The tests' way of starting programs: what the child gets and how its end is reported.
@Suite struct ChildProcessTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test func exitStatusSignalOutputAndInputAreReported() async throws {
        let failing = try await ChildProcess.run(Self.shell, ["-c", "echo out; echo err >&2; exit 3"])
        #expect(failing.termination == .exited(3) && failing.output == "out\n")
        #expect(try await ChildProcess.run(Self.shell, ["-c", "echo out; echo err >&2"], errors: .intoOutput).output == "out\nerr\n")

        let sleeper = try ChildProcess(URL(fileURLWithPath: "/bin/sleep"), ["3600"])
        #expect(sleeper.isRunning && sleeper.ended == nil)
        sleeper.send(SIGKILL)
        #expect(await sleeper.waitForExit() == .signalled(SIGKILL))
        #expect(!sleeper.isRunning)

        let echo = try ChildProcess(URL(fileURLWithPath: "/bin/cat"), [], output: .capture, input: true)
        echo.standardInput!.write(Data("typed\n".utf8))
        try echo.standardInput!.close()
        #expect(String(decoding: echo.standardOutput!.readDataToEndOfFile(), as: UTF8.self) == "typed\n")
        #expect(echo.waitUntilExit() == .exited(0))
    }

    /// Children started from several threads at once, while other threads open and close
    /// descriptors (as parallel tests do), hold nothing but descriptors 0, 1 and 2: no other
    /// child's pipe end and none of this process's files. Foundation's `Process` fails this now
    /// and then, and a command whose pipe a long-lived daemon inherited never ended.
    @Test func childrenStartedInParallelInheritNothing() async throws {
        let held = open("/dev/null", O_RDONLY)  // Not close-on-exec.
        defer { close(held) }
        let outcomes = Mutex<[Result<ChildProcess, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { lane in
            for _ in 0..<15 {
                if lane % 2 == 0 {
                    // Churn: descriptors appear and vanish above and below the others.
                    let pipes = (0..<4).map { _ in Pipe() }
                    withExtendedLifetime(pipes) {}
                    continue
                }
                let outcome = Result { try ChildProcess(URL(fileURLWithPath: "/bin/sleep"), ["3600"], output: .capture) }
                outcomes.withLock { $0.append(outcome) }
            }
        }
        let started = try outcomes.withLock { try $0.map { try $0.get() } }
        defer { for child in started { child.send(SIGKILL) } }
        for child in started {
            // posix_spawn returns once the child has exec'd, when the dynamic loader may still
            // hold a library open for a moment on a loaded machine; an inherited descriptor
            // stays for the child's life (sleep closes nothing).
            var descriptors: [String] = []
            for _ in 0..<500 {
                descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.processIdentifier)/fd").sorted()
                if descriptors == ["0", "1", "2"] { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(descriptors == ["0", "1", "2"], "pid \(child.processIdentifier) holds \(descriptors)")
        }
        #expect(started.count == 60)
        for child in started {
            child.send(SIGKILL)
            let termination = await child.waitForExit()
            #expect(termination == .signalled(SIGKILL), "pid \(child.processIdentifier): \(termination)")
        }
    }
}
