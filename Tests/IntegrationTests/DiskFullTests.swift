import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Glibc
import Testing

/// A small tmpfs as the state volume (needs root, as CI has): an import that does not fit
/// fails cleanly, the file stays in the inbox, and it goes through once space is freed.
@Suite(.serialized, .enabled(if: getuid() == 0, "mounting a tmpfs needs root")) struct DiskFullTests {
    @Test func aFullStateVolumeDefersTheImportAndLosesNothing() async throws {
        let directory = TemporaryDirectory("catalogd-full")
        let volume = directory.path("volume")
        try FileManager.default.createDirectory(at: volume, withIntermediateDirectories: true)
        #expect(mount("tmpfs", volume.path, "tmpfs", 0, "size=16m") == 0, "mount failed: \(String(cString: strerror(errno)))")
        defer { umount(volume.path) }
        let inbox = directory.path("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let config = try directory.write("catalogd.toml", """
            [ingest]
            rescan_interval_seconds = 1
            [[watch]]
            path = "\(inbox.path)"
            """)

        let daemon = try CatalogdProcess(stateDirectory: volume.appendingPathComponent("state"), extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        // Fill the volume, leaving too little for the import's documents.
        let filler = volume.appendingPathComponent("filler")
        var statistics = statvfs()
        statvfs(volume.path, &statistics)
        let free = Int(statistics.f_bavail) * Int(statistics.f_frsize)
        try Data(count: max(free - 300_000, 0)).write(to: filler)

        let file = inbox.appendingPathComponent("big.csv")
        try Data(AkeneoCSV.catalog(skus: (0..<3_000).map { "SKU-\($0)" }).text.utf8).write(to: file)
        try await eventually("the import is deferred for lack of space") { daemon.log.contains("the state volume is full") }
        #expect(FileManager.default.fileExists(atPath: file.path), "the file stays in the inbox")
        #expect(daemon.isRunning)

        try FileManager.default.removeItem(at: filler)
        try await eventually("the import goes through once space is back", timeout: .seconds(60)) {
            !FileManager.default.fileExists(atPath: file.path)
        }
        let database = try CatalogDatabase(path: volume.appendingPathComponent("state/catalog.sqlite").path)
        await #expect(try database.status().products == 3_000)
        #expect(try database.integrityCheck() == "ok")
        #expect(try await daemon.stop() == 0)
    }
}
