import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

/// One daemon per state directory: a second one is refused with the holder's pid and leaves the
/// first running; once the first stops, the directory is free again.
@Suite(.serialized) struct StateLockTests {
    let directory = TemporaryDirectory("catalogd-state-lock")

    @Test func aSecondDaemonOnTheSameStateIsRefused() async throws {
        let state = directory.path("state")
        let first = try CatalogdProcess(stateDirectory: state, extraArguments: [])
        try await eventually("the first daemon watches its inbox") { first.log.contains("watching inbox") }
        let second = try ChildProcess(try Executables.url("catalogd"), ["--state-dir", state.path], output: .capture, errors: .intoOutput)
        // Without the lock the second daemon would run on: stop it so the test fails, not hangs.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            second.send(SIGTERM)
        }
        defer { watchdog.cancel() }
        let log = String(decoding: await runBlocking { second.standardOutput!.readDataToEndOfFile() }, as: UTF8.self)
        let termination = await second.waitForExit()
        #expect(termination != .exited(0))
        #expect(log.contains("another catalogd (pid \(first.processIdentifier)) is running on this state directory"), "\(log.suffix(500))")
        #expect(first.isRunning)
        #expect(try await first.stop() == 0)
    }
}
