import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// `systemctl reload` (SIGHUP) against the real daemon: a valid new configuration is applied
/// without losing queued work; an invalid one is rejected and the running one stays.
@Suite(.serialized) struct ReloadTests {
    let directory = TemporaryDirectory("catalogd-reload")
    var state: URL { directory.path("state") }

    @Test func aValidConfigurationIsAppliedAndAnInvalidOneRejected() async throws {
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)

        // A second watched folder appears with the reload.
        let supplier = directory.path("supplier-drop")
        try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [[watch]]
            source = "akeneo"
            [[watch]]
            path = "\(supplier.path)"
            source = "supplier"
            mode = "delta"
            """)
        daemon.reload()
        try await eventually("the new folder is watched") { daemon.log.contains("configuration reloaded") && daemon.log.contains(supplier.path) }
        try directory.write("supplier-drop/delta.csv", AkeneoCSV.catalog(skus: ["S-1"]).text)
        try await eventually("a file in the new folder is imported") { try await database.status().products == 1 }

        // A broken file is refused; the daemon keeps working on the running configuration.
        try directory.write("catalogd.toml", "[publishing]\ntarget = \"nowhere\"\n")
        daemon.reload()
        try await eventually("the reload is rejected") { daemon.log.contains("reload rejected, the running configuration stays") }
        try directory.write("supplier-drop/delta-2.csv", AkeneoCSV.catalog(skus: ["S-2"]).text)
        try await eventually("the running configuration still imports") { try await database.status().products == 2 }

        #expect(!daemon.log.contains("ServiceGroupError"), "a reload must not end the process")
        #expect(try await daemon.stop() == 0)
        #expect(daemon.log.contains("catalogd stopped"))
    }

    /// Issue 26: a reload naming a folder the daemon cannot use ended the daemon ("cannot
    /// create the state folders", then a restart loop). Now the reload is rejected, naming the
    /// folder, and the running configuration stays.
    @Test func aFolderTheDaemonCannotUseRejectsTheReload() async throws {
        let config = try directory.write("unusable.toml", "state_dir = \"\(state.path)\"\n")
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let blocker = try directory.write("a-file", "not a folder")
        try directory.write("unusable.toml", """
            state_dir = "\(state.path)"
            [[watch]]
            source = "akeneo"
            [[watch]]
            path = "\(blocker.path)/pim-exports"
            source = "pim"
            """)
        daemon.reload()
        try await eventually("the reload is rejected") { daemon.log.contains("reload rejected, the running configuration stays") }
        #expect(daemon.log.contains("cannot create the watched folder \(blocker.path)/pim-exports"), "\(daemon.log)")
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try directory.write("state/inbox/after.csv", AkeneoCSV.catalog(skus: ["A-1"]).text)
        try await eventually("the running configuration still imports") { try await database.status().products == 1 }
        #expect(try await daemon.stop() == 0)
    }

    /// Issue 26: started on a folder it cannot use, catalogd exits 78 (which the units do not
    /// restart) with the folder's name, instead of exiting 1 and restarting every 5 s.
    @Test func startingOnAFolderItCannotUseExits78NamingIt() async throws {
        let blocker = try directory.write("blocker", "not a folder")
        let config = try directory.write("start.toml", """
            state_dir = "\(directory.path("start-state").path)"
            [[watch]]
            path = "\(blocker.path)/inbox"
            """)
        let catalogd = try Executables.url("catalogd")
        let result = try await Executables.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(catalogd.path)' --config '\(config.path)' 2>&1"])
        #expect(result.status == 78 && result.output.contains("cannot create the watched folder \(blocker.path)/inbox"), "\(result.output)")
    }

    /// Issue 26: with `ExecReload=/bin/kill -HUP $MAINPID`, `systemctl reload` returned before
    /// the new configuration was live and returned 0 when it was rejected. `catalogd --reload
    /// PID` (the units' ExecReload=) returns when the daemon has answered: 0 once live, 1 with
    /// the reason when rejected.
    @Test func theReloadHelperWaitsForTheAnswerAndFailsARejectedReload() async throws {
        let config = try directory.write("helper.toml", "state_dir = \"\(state.path)\"\n")
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let catalogd = try Executables.url("catalogd")
        func reload() async throws -> (status: Int32, output: String) {
            try await Executables.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(catalogd.path)' --config '\(config.path)' --reload \(daemon.processIdentifier) 2>&1"])
        }
        let second = directory.path("second-inbox")
        try directory.write("helper.toml", "state_dir = \"\(state.path)\"\n[[watch]]\nsource = \"akeneo\"\n[[watch]]\npath = \"\(second.path)\"\nsource = \"second\"\n")
        let accepted = try await reload()
        #expect(accepted.status == 0 && accepted.output.contains("reload done"), "\(accepted.output)")
        // Returned only once live: the new folder is already watched.
        #expect(daemon.log.contains(second.path) && daemon.log.split(separator: "\n").last { $0.contains("ready") } != nil, "\(daemon.log)")

        try directory.write("helper.toml", "[publishing]\ntarget = \"nowhere\"\n")
        let rejected = try await reload()
        #expect(rejected.status == 1 && rejected.output.contains("reload rejected") && rejected.output.contains("nowhere"), "\(rejected.output)")
        // One only the daemon can refuse (a folder it cannot create): its answer is the reason.
        let blocker = try directory.write("helper-blocker", "a file")
        try directory.write("helper.toml", "state_dir = \"\(state.path)\"\n[[watch]]\npath = \"\(blocker.path)/inbox\"\n")
        let refused = try await reload()
        #expect(refused.status == 1 && refused.output.contains("reload rejected") && refused.output.contains("\(blocker.path)/inbox"), "\(refused.output)")
        #expect(try await daemon.stop() == 0)
    }
}
