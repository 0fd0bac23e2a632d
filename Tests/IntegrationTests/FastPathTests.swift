import CatalogCore
import CatalogIngest
import CatalogStore
import CatalogTestSupport
import Foundation
import Logging
import Testing

/// The re-import fast path against the real store: rows read from the same bytes as last time
/// are staged as unchanged without being built, and the result is the same as the full path.
@Suite struct FastPathTests {
    let directory = TemporaryDirectory("catalogd-fast")

    func importer(_ database: CatalogDatabase) throws -> FileImporter {
        let layout = FolderLayout(processed: directory.path("processed"), quarantine: directory.path("quarantine"), held: directory.path("held"))
        try layout.createDirectories()
        return FileImporter(store: database.imports, folder: WatchedFolder(path: directory.url, source: "akeneo"), layout: layout, logger: Logger(label: "test"))
    }

    func summary(_ outcome: ImportOutcome) -> DiffSummary? {
        if case .applied(let summary, _) = outcome { return summary }
        return nil
    }

    @Test func reimportsUseFingerprintsAndStayExact() async throws {
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite").path)
        let importer = try importer(database)
        var csv = AkeneoCSV.catalog(skus: (0..<2_000).map { "S\($0)" })  // > 256 KiB: the fast path applies
        #expect(summary(importer.importFile(at: try directory.write("1.csv", csv.text), disposition: .move)) == DiffSummary(added: 2_000))
        let fingerprints = try database.imports.rowFingerprints(source: "akeneo")
        #expect(fingerprints.count == 2_000)

        csv.set("color", of: "S7", to: "Red")
        #expect(summary(importer.importFile(at: try directory.write("2.csv", csv.text), disposition: .move)) == DiffSummary(changed: 1, unchanged: 1_999))
        let afterChange = try database.imports.rowFingerprints(source: "akeneo")
        #expect(afterChange[SKU("S7")!] != fingerprints[SKU("S7")!])
        #expect((0..<2_000).filter { $0 != 7 }.map { SKU("S\($0)")! }.allSatisfy { afterChange[$0] == fingerprints[$0] && fingerprints[$0] != nil })
        await #expect(try await database.catalog.productDetail(SKU("S7")!)?.product.attributes["color"] == .text("Red"))

        // The same catalog with its columns in another order: same content, other bytes. The
        // products are unchanged, and their fingerprints move to the new layout.
        var reordered = csv
        reordered.header.swapAt(4, 5)
        reordered.rows = reordered.rows.map { var row = $0; row.swapAt(4, 5); return row }
        #expect(summary(importer.importFile(at: try directory.write("3.csv", reordered.text), disposition: .move)) == DiffSummary(unchanged: 2_000))
        let afterReorder = try database.imports.rowFingerprints(source: "akeneo")
        #expect(afterReorder.count == 2_000)
        #expect(Set(afterReorder.fingerprints).isDisjoint(with: Set(afterChange.fingerprints)))
        #expect(summary(importer.importFile(at: try directory.write("4.csv", reordered.text), disposition: .move)) == DiffSummary(unchanged: 2_000))
    }
}
