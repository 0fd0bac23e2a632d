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
        try await eventually("a file in the new folder is imported") { try database.status().products == 1 }

        // A broken file is refused; the daemon keeps working on the running configuration.
        try directory.write("catalogd.toml", "[publishing]\ntarget = \"nowhere\"\n")
        daemon.reload()
        try await eventually("the reload is rejected") { daemon.log.contains("reload rejected, the running configuration stays") }
        try directory.write("supplier-drop/delta-2.csv", AkeneoCSV.catalog(skus: ["S-2"]).text)
        try await eventually("the running configuration still imports") { try database.status().products == 2 }

        #expect(!daemon.log.contains("ServiceGroupError"), "a reload must not end the process")
        #expect(try await daemon.stop() == 0)
        #expect(daemon.log.contains("catalogd stopped"))
    }
}
