import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

@Suite struct WriteAheadLogTests {
    /// The store replaces SQLite's automatic checkpoint with its own commit hook (which also
    /// starts the log's writeback early); the log must still be checkpointed and reused, not
    /// grow with everything ever written.
    @Test func theLogIsCheckpointedWhileAnImportWritesMoreThanItsLimit() throws {
        let fixture = try StoreFixture(onDisk: true)
        let story = String(repeating: "A trail shoe with a rock plate and a grippy outsole. ", count: 2_000)  // ~106 KB
        let products = (0..<1_000).map { Product.fixture("BIG-\($0)", name: "\($0) \(story)") }
        let summary = try fixture.importProducts(products, batchSize: 20)

        #expect(summary.added == 1_000)
        let written = products.count * story.utf8.count
        let log = try #require(try FileManager.default.attributesOfItem(atPath: fixture.database.path + "-wal")[.size] as? Int)
        #expect(written > 100_000_000)
        // A checkpoint every 64 MB of log; the log is then reused from its start.
        #expect(log < 80_000_000, "the write-ahead log grew to \(log) bytes")
        #expect(try fixture.database.integrityCheck() == "ok")
    }
}
