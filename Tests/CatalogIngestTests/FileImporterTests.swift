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
        FolderLayout(processed: directory.path("processed"), quarantine: directory.path("quarantine"), held: directory.path("held"))
    }

    func importer(mode: ImportMode = .snapshot, policy: ImportPolicy = .init()) throws -> FileImporter {
        try layout.createDirectories()
        let folder = WatchedFolder(path: directory.path("inbox"), source: "akeneo", mode: mode)
        return FileImporter(store: store, folder: folder, layout: layout, policy: policy, clock: FixedClock(), logger: Logger(label: "test"))
    }

    func contents(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    func sidecar(_ name: String) throws -> QuarantineReport {
        try JSONDecoder().decode(QuarantineReport.self, from: Data(contentsOf: layout.quarantine.appendingPathComponent(name + ".error.json")))
    }

    @Test func appliedFileMovesToProcessedWithItsImportID() throws {
        let file = try directory.write("inbox/export.csv", AkeneoCSV.catalog(skus: ["A", "B"]).text)
        let outcome = try importer().importFile(at: file, disposition: .move)
        #expect(outcome == .applied(DiffSummary(added: 2), archivedAt: layout.processed.appendingPathComponent("1-20270115T080000Z-export.csv").path))
        #expect(contents(directory.path("inbox")).isEmpty)
        #expect(store.states[ImportID(1)] == .archived)
        #expect(store.notes[ImportID(1)]?.format == "akeneo-csv")
    }

    @Test func aFileWithTooManyBadRowsIsQuarantinedWholeWithEveryRowError() throws {
        let file = try directory.write("inbox/bad.csv", "sku;color\nA;Red\nB\nC;Blue;x\n")
        let outcome = try importer().importFile(at: file, disposition: .move)
        guard case .quarantined(let error, _) = outcome else {
            Issue.record("expected quarantined, got \(outcome)")
            return
        }
        #expect(error.code == .tooManyRowErrors)
        #expect(error.context.file == "bad.csv")
        #expect(error.context.line == 3)
        #expect(error.message.hasPrefix("2 of 3 rows could not be read (at most 0 may be skipped); first, line 3: expected 2 fields"))
        #expect(store.applyCount == 0)
        #expect(store.products.isEmpty, "nothing is applied from a quarantined file")
        #expect(contents(layout.quarantine) == ["1-20270115T080000Z-bad.csv", "1-20270115T080000Z-bad.csv.error.json"])
        let report = try sidecar("1-20270115T080000Z-bad.csv")
        #expect(report.error == error)
        #expect(report.rowErrors.map(\.context.line) == [3, 4])
        #expect(report.rowErrors.map(\.code) == [.wrongColumnCount, .wrongColumnCount])
    }

    @Test func fewBadRowsAreSkippedAndReported() throws {
        var csv = AkeneoCSV.catalog(skus: (0..<200).map { "SKU-\($0)" })
        csv.set("price-EUR", of: "SKU-7", to: "free")
        let file = try directory.write("inbox/export.csv", csv.text)
        let outcome = try importer().importFile(at: file, disposition: .move)
        #expect(outcome == .applied(DiffSummary(added: 199), archivedAt: layout.processed.appendingPathComponent("1-20270115T080000Z-export.csv").path))
        let notes = try #require(store.notes[ImportID(1)])
        #expect(notes.rows == 200)
        #expect(notes.skippedRows == 1)
        #expect(notes.rowErrors.first?.context.sku == "SKU-7")
        #expect(notes.rowErrors.first?.context.key == "price-EUR")
    }

    @Test func aRepeatedSKUKeepsTheLaterRowWithAWarning() throws {
        let file = try directory.write("inbox/dupes.csv", "sku;color\nA;Red\nB;Blue\nA;Green\n")
        #expect(try importer().importFile(at: file, disposition: .move) == .applied(DiffSummary(added: 2), archivedAt: layout.processed.appendingPathComponent("1-20270115T080000Z-dupes.csv").path))
        #expect(store.products[SKU("A")!]?.product.attributes["color"] == .text("Green"))
        #expect(store.notes[ImportID(1)]?.warnings == ["line 4: SKU 'A' appears again (first on line 2); the later record wins"])
    }

    @Test func repeatedSKUsCanBeRefused() throws {
        let file = try directory.write("inbox/dupes.csv", "sku;color\nA;Red\nA;Green\n")
        let outcome = try importer(policy: ImportPolicy(rejectDuplicateSKUs: true)).importFile(at: file, disposition: .move)
        guard case .quarantined(let error, _) = outcome else {
            Issue.record("expected quarantined, got \(outcome)")
            return
        }
        #expect(error.code == .duplicateSKU)
        #expect(error.context.line == 3)
        #expect(store.products.isEmpty)
    }

    @Test func aSnapshotRemovingTooMuchIsHeldNotApplied() throws {
        let importer = try importer()
        let full = try directory.write("inbox/full.csv", AkeneoCSV.catalog(skus: (0..<10).map { "S\($0)" }).text)
        _ = importer.importFile(at: full, disposition: .move)
        let truncated = try directory.write("inbox/truncated.csv", AkeneoCSV.catalog(skus: ["S0", "S1", "S2"]).text)
        let outcome = importer.importFile(at: truncated, disposition: .move)
        guard case .held(let summary, let reason, let movedTo) = outcome else {
            Issue.record("expected held, got \(outcome)")
            return
        }
        #expect(summary == DiffSummary(removed: 7, unchanged: 3))
        #expect(reason.hasPrefix("this snapshot would remove 7 of 10 products of source 'akeneo' (70%, more than the 20% allowed)"))
        #expect(reason.contains("catalogctl imports approve 2"))
        #expect(store.products.count == 10, "nothing removed while held")
        #expect(store.states[ImportID(2)] == .held)
        #expect(movedTo == layout.held.appendingPathComponent("2-20270115T080000Z-truncated.csv").path)

        let applied = try importer.approve(ImportID(2), heldFile: URL(fileURLWithPath: movedTo))
        #expect(applied == summary)
        #expect(store.products.count == 3)
        #expect(contents(layout.held).isEmpty)
    }

    @Test func deltaFilesNeverRemove() throws {
        let importer = try importer(mode: .delta)
        _ = importer.importFile(at: try directory.write("inbox/a.csv", AkeneoCSV.catalog(skus: ["A", "B"]).text), disposition: .move)
        let outcome = importer.importFile(at: try directory.write("inbox/b.csv", AkeneoCSV.catalog(skus: ["C"]).text), disposition: .move)
        guard case .applied(let summary, _) = outcome else {
            Issue.record("expected applied, got \(outcome)")
            return
        }
        #expect(summary == DiffSummary(added: 1))
        #expect(store.products.count == 3)
    }

    @Test func copyDispositionLeavesTheOriginalInPlace() throws {
        let file = try directory.write("elsewhere/export.csv", AkeneoCSV.catalog(skus: ["A"]).text)
        _ = try importer().importFile(at: file, disposition: .copy)
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(contents(layout.processed).count == 1)
    }

    @Test func anImportAppliedBeforeACrashIsArchivedNotAppliedAgain() throws {
        let file = try directory.write("inbox/export.csv", AkeneoCSV.catalog(skus: ["A"]).text)
        let importer = try importer()
        // Apply, then rewind the recorded state to just before archiving and restore the file.
        _ = importer.importFile(at: file, disposition: .copy)
        store.simulateCrashAfterApply(ImportID(1))
        let outcome = importer.importFile(at: file, disposition: .move)
        #expect(outcome == .applied(DiffSummary(added: 1), archivedAt: layout.processed.appendingPathComponent("1-20270115T080000Z-export.csv").path))
        #expect(store.applyCount == 1)
        #expect(contents(directory.path("inbox")).isEmpty)
    }

    @Test func aStorageFailureLeavesTheFileInTheInboxForRetry() throws {
        let file = try directory.write("inbox/export.csv", AkeneoCSV.catalog(skus: ["A"]).text)
        store.stageFailure = CatalogError(.diskFull, "the state volume is full")
        let outcome = try importer().importFile(at: file, disposition: .move)
        #expect(outcome == .deferred(CatalogError(.diskFull, "the state volume is full")))
        #expect(contents(directory.path("inbox")) == ["export.csv"])
        #expect(contents(layout.quarantine).isEmpty)
        store.stageFailure = nil
        #expect(try importer().importFile(at: file, disposition: .move) == .applied(DiffSummary(added: 1), archivedAt: layout.processed.appendingPathComponent("1-20270115T080000Z-export.csv").path))
    }

    @Test func namesWithSpacesAndNonASCIIAreKept() throws {
        let file = try directory.write("inbox/Export März 2026 (final).csv", AkeneoCSV.catalog(skus: ["A"]).text)
        _ = try importer().importFile(at: file, disposition: .move)
        #expect(contents(layout.processed) == ["1-20270115T080000Z-Export März 2026 (final).csv"])
    }
}
