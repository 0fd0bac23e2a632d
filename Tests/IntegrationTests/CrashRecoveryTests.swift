import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Glibc
import Testing

/// kill -9 the real daemon at several points of an import, restart it, and check the result is
/// exactly that of an uninterrupted import: same products and hashes, history applied once.
@Suite(.serialized) struct CrashRecoveryTests {
    let directory = TemporaryDirectory("catalogd-crash")

    @Test func killedImportsFinishWithTheSameResult() async throws {
        let skus = (0..<4_000).map { "SKU-\($0)" }
        let first = AkeneoCSV.catalog(skus: skus)
        var second = first
        for index in stride(from: 0, to: skus.count, by: 10) { second.set("color", of: skus[index], to: "Crimson") }
        second.rows.removeLast(200)  // 5% removed: below the mass-deletion guard

        // The reference: both files imported without interruption.
        let referenceState = directory.path("reference").path
        for (name, csv) in [("first.csv", first), ("second.csv", second)] {
            let file = try directory.write(name, csv.text)
            #expect(try await Executables.run("catalogctl", ["import", file.path, "--state-dir", referenceState]).status == 0)
        }
        let reference = try CatalogDatabase(path: directory.path("reference/catalog.sqlite").path)

        let state = directory.path("crashed")
        let inbox = state.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        var kills = 0
        // Seeded delays: early (claiming, parsing), middle (staging), late (applying, archiving).
        let delays: [Duration] = [.milliseconds(150), .milliseconds(400), .milliseconds(700), .milliseconds(1_100), .milliseconds(1_600)]
        for (name, csv) in [("first.csv", first), ("second.csv", second)] {
            let staged = try directory.write("staging/\(name)", csv.text)
            try FileManager.default.moveItem(at: staged, to: inbox.appendingPathComponent(name))
            for delay in delays {
                let daemon = try CatalogdProcess(stateDirectory: state)
                try await Task.sleep(for: delay)
                guard daemon.isRunning else { break }
                await daemon.kill()
                kills += 1
                if !FileManager.default.fileExists(atPath: inbox.appendingPathComponent(name).path) { break }
            }
            // A last run to completion.
            let daemon = try CatalogdProcess(stateDirectory: state)
            try await eventually("\(name) is archived after the restarts", timeout: .seconds(120)) {
                guard daemon.log.contains("watching inbox"), !FileManager.default.fileExists(atPath: inbox.appendingPathComponent(name).path) else { return false }
                let archived = try? await CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path).status().imports["archived"]
                return archived == (name == "first.csv" ? 1 : 2)
            }
            let status = try await daemon.stop()
            #expect(status == 0, "exit \(status) (\(daemon.endedBySignal ? "signal" : "exit")); log tail: \(daemon.log.suffix(1500))")
        }
        #expect(kills > 0)

        let crashed = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        #expect(try crashed.integrityCheck() == "ok")
        let crashedHashes = try await crashed.catalog.liveProductHashes()
        let referenceHashes = try await reference.catalog.liveProductHashes()
        #expect(crashedHashes.count == 3_800)
        #expect(crashedHashes == referenceHashes)
        await #expect(try crashed.catalog.historyCounts() == reference.catalog.historyCounts())
        let archived = try await crashed.imports.recentImports(limit: 10, state: .archived)
        await #expect(archived.map(\.summary) == (try await reference.imports.recentImports(limit: 10, state: .archived)).map(\.summary))
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.appendingPathComponent("processed").path).count == 2)
    }
}
