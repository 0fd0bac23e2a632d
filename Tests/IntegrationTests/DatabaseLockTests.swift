import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// Issue 10's "DB down": another process holds the database's write lock for longer than the
/// daemon's busy timeout. Queries still answer (WAL readers are not blocked), writes wait or
/// are deferred and retried: a file dropped meanwhile stays in the inbox, is not quarantined,
/// and is imported once the lock goes; the daemon keeps running.
@Suite(.serialized) struct DatabaseLockTests {
    let directory = TemporaryDirectory("catalogd-db-lock")
    var state: URL { directory.path("state") }

    @Test func aLockedDatabaseDefersWritesAndStillAnswersQueries() async throws {
        let config = try directory.write("catalogd.toml", "state_dir = \"\(state.path)\"\n[admin]\nlisten = \"off\"\n[ingest]\nrescan_interval_seconds = 2\n")
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let databasePath = state.appendingPathComponent("catalog.sqlite").path

        // A writer that holds the lock until told to let go (the daemon waits 15 s per
        // transaction, then defers).
        let holder = try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            sys.stdin.read()
            c.execute('COMMIT')
            """, databasePath], output: .capture, input: true)
        _ = await runBlocking { holder.standardOutput!.availableData }  // "locked"

        try directory.write("state/inbox/export.csv", AkeneoCSV.catalog(skus: ["L-1", "L-2"]).text)
        // Longer than the daemon's 15 s busy timeout.
        try await Task.sleep(for: .seconds(20))
        let status = try await Executables.run("catalogctl", ["status", "--state-dir", state.path])
        #expect(status.status == 0, "queries answer while writes wait: \(status.output)")
        #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("inbox/export.csv").path), "the file stays in the inbox")

        try holder.standardInput!.close()
        await holder.waitForExit()
        let database = try CatalogDatabase(path: databasePath)
        try await eventually("the file is imported once the lock is gone", timeout: .seconds(60)) { try await database.status().products == 2 }
        await #expect(try database.status().imports["quarantined"] == nil)
        #expect(daemon.isRunning)
        #expect(try await daemon.stop() == 0)
    }
}
