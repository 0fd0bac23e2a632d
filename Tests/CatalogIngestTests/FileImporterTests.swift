import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Logging
import Testing

@Suite struct FileImporterTests {
    let directory = TemporaryDirectory()
    let store = InMemoryProductStore()

    var layout: FolderLayout {
        FolderLayout(inbox: directory.path("inbox"), processed: directory.path("processed"), quarantine: directory.path("quarantine"))
    }

    func importer() throws -> FileImporter {
        try layout.createDirectories()
        return FileImporter(store: store, reader: AkeneoCSVReader(), source: "akeneo", mode: .snapshot, layout: layout, clock: FixedClock(), logger: Logger(label: "test"))
    }

    func contents(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    @Test func appliedFileMovesToProcessedWithItsImportID() throws {
        let file = try directory.write("inbox/export.csv", AkeneoCSV.catalog(skus: ["A", "B"]).text)
        let outcome = try importer().importFile(at: file, disposition: .move)
        guard case .applied(let summary, let archivedAt) = outcome else {
            Issue.record("expected applied, got \(outcome)")
            return
        }
        #expect(summary == DiffSummary(added: 2))
        #expect(contents(layout.inbox).isEmpty)
        #expect(contents(layout.processed) == ["1-20270115T080000Z-export.csv"])
        #expect(archivedAt.hasSuffix("processed/1-20270115T080000Z-export.csv"))
        #expect(store.states[ImportID(1)] == .archived)
    }

    @Test func malformedFileIsQuarantinedWithASidecarAndNothingApplied() throws {
        let file = try directory.write("inbox/bad.csv", "sku;color\nA;Red\nB\n")
        let outcome = try importer().importFile(at: file, disposition: .move)
        guard case .quarantined(let error, _) = outcome else {
            Issue.record("expected quarantined, got \(outcome)")
            return
        }
        #expect(error.code == .wrongColumnCount)
        #expect(error.context.file == "bad.csv")
        #expect(store.applyCount == 0)
        #expect(store.products.isEmpty)
        #expect(contents(layout.quarantine) == ["1-20270115T080000Z-bad.csv", "1-20270115T080000Z-bad.csv.error.json"])
        let sidecar = try JSONDecoder().decode(CatalogError.self, from: Data(contentsOf: layout.quarantine.appendingPathComponent("1-20270115T080000Z-bad.csv.error.json")))
        #expect(sidecar == error)
        #expect(sidecar.context.line == 3)
    }

    @Test func copyDispositionLeavesTheOriginalInPlace() throws {
        let file = try directory.write("elsewhere/export.csv", AkeneoCSV.catalog(skus: ["A"]).text)
        _ = try importer().importFile(at: file, disposition: .copy)
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(contents(layout.processed).count == 1)
    }

    @Test func anImportAppliedBeforeACrashIsArchivedNotAppliedAgain() throws {
        let text = AkeneoCSV.catalog(skus: ["A"]).text
        let file = try directory.write("inbox/export.csv", text)
        let importer = try importer()
        // First run: the claim and apply happen, then the process "dies" before archiving.
        let claim = try store.claim(ImportFile(name: "export.csv", path: file.path, sha256: ContentHash(of: Data(text.utf8)).hex, size: text.utf8.count, source: "akeneo", mode: .snapshot))
        _ = try store.apply(try AkeneoCSVReader().read(Data(text.utf8)), to: claim.id)
        store.simulateCrashAfterApply(claim.id)

        let outcome = importer.importFile(at: file, disposition: .move)
        #expect(outcome == .applied(DiffSummary(added: 1), archivedAt: layout.processed.appendingPathComponent("1-20270115T080000Z-export.csv").path))
        #expect(store.applyCount == 1)
        #expect(contents(layout.inbox).isEmpty)
    }

    @Test func aStorageFailureLeavesTheFileInTheInboxForRetry() throws {
        let file = try directory.write("inbox/export.csv", AkeneoCSV.catalog(skus: ["A"]).text)
        store.applyFailure = CatalogError(.storage, "database or disk is full")
        let outcome = try importer().importFile(at: file, disposition: .move)
        #expect(outcome == .deferred(CatalogError(.storage, "database or disk is full")))
        #expect(contents(layout.inbox) == ["export.csv"])
        #expect(contents(layout.quarantine).isEmpty)
    }
}
