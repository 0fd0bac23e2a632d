import CatalogCore
import CatalogIngest
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// Runs the real `catalogd` binary against a temp state directory, drops files into its inbox
/// the way an operator would, and checks the database, the quarantine and the exported CSVs.
@Suite(.serialized) struct DaemonEndToEndTests {
    let directory = TemporaryDirectory("catalogd-it")
    var state: URL { directory.path("state") }
    var inbox: URL { state.appendingPathComponent("inbox") }

    /// Writes next to the inbox and renames into it, as a careful export job does.
    func drop(_ name: String, _ data: Data) throws {
        let staged = try directory.write("staging/\(name)", data)
        try FileManager.default.moveItem(at: staged, to: inbox.appendingPathComponent(name))
    }

    func lastImport(_ database: CatalogDatabase) async throws -> ImportSummary? {
        try await database.status().lastImport
    }

    /// Issue 25: Akeneo's attribute and option exports, dropped after the products, label the
    /// copy in each shop language; the products' copy is written again once they arrive.
    @Test func attributeExportsDroppedBesideTheProductsLabelTheCopy() async throws {
        let daemon = try CatalogdProcess(stateDirectory: state)
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try drop("products.csv", Data(AkeneoCSV.catalog(skus: ["A-1", "B-2"]).text.utf8))
        func german() async throws -> [String] {
            try await database.manualQueue.entries().filter { $0.copy.locale.identifier == "de" }.map(\.copy.bodyHTML)
        }
        try await eventually("the products are generated") { try await german().count == 2 }
        await #expect(try german().allSatisfy { $0.contains("<strong>Farbe:</strong> Blau") }, "without a schema, the phrasebook and the vocabularies")

        try drop("attributes.csv", Data("code;type;label-de_DE;label-en_US\ncolor;pim_catalog_simpleselect;Farbton;Colour\n".utf8))
        try drop("attribute_options.csv", Data("attribute;code;label-de_DE;label-en_US\ncolor;blue;Königsblau;Royal blue\n".utf8))
        try await eventually("the copy is written again with the PIM's labels") {
            let bodies = try await german()
            return bodies.count == 2 && bodies.allSatisfy { $0.contains("<strong>Farbton:</strong> Königsblau") }
        }
        #expect(daemon.log.contains("attribute schema merged: 1 option(s) from attribute_options.csv"))
        #expect(try await daemon.stop() == 0)
    }

    @Test func importsGeneratesQueuesExportsAndDiffsAcrossDrops() async throws {
        let daemon = try CatalogdProcess(stateDirectory: state)
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)

        var export = AkeneoCSV.catalog(skus: ["A-1", "B-2", "C-3", "D-4", "E-5"])
        try drop("export-1.csv", Data(export.text.utf8))
        try await eventually("the first export is generated and queued") {
            try await database.status().manualQueueOpen == 15
        }
        let first = try await #require(try lastImport(database))
        #expect(first.state == "archived")
        #expect(first.summary == DiffSummary(added: 5))
        #expect(daemon.log.contains("import applied: 5 added, 0 changed, 0 removed, 0 unchanged"))
        #expect(daemon.log.contains("message_id=\(JournalMessageID.importFinished)"), "alertable events carry their MESSAGE_ID")
        #expect(daemon.log.contains("pipeline ran for 5 SKU(s): 15 published"))

        // Both exports a person would import by hand.
        let shopifyFile = directory.path("shopify.csv").path
        let shopify = try await Executables.json("catalogctl", ["queue", "export", "--state-dir", state.path, "--format", "shopify-csv", "--out", shopifyFile])
        #expect(shopify["rows"] as? Int == 5)
        let shopifyCSV = try String(contentsOfFile: shopifyFile, encoding: .utf8)
        #expect(shopifyCSV.hasPrefix("Handle,Title,Body (HTML),SEO Title,SEO Description\r\n"))
        #expect(shopifyCSV.contains("\r\na-1,Item A-1 by Northpeak,\"<h2>Item A-1</h2>\n<p>Sturdy A-1 for rainy days.</p>"))
        let magentoFile = directory.path("magento.csv").path
        let magento = try await Executables.json("catalogctl", ["queue", "export", "--state-dir", state.path, "--format", "magento-csv", "--out", magentoFile])
        #expect(magento["rows"] as? Int == 15)
        let magentoCSV = try String(contentsOfFile: magentoFile, encoding: .utf8)
        #expect(magentoCSV.hasPrefix("sku,store_view_code,name,description,meta_title,meta_description\r\n"))
        for row in ["B-2,,Item B-2 by Northpeak,", "B-2,de,Artikel B-2 von Northpeak,", "B-2,fr,Article B-2 de Northpeak,"] {
            #expect(magentoCSV.contains("\r\n" + row), "missing \(row)")
        }

        // The second drop: one changed, one removed, one added, the rest untouched.
        export.set("color", of: "B-2", to: "Red")
        export.remove(sku: "C-3")
        export.rows.append(AkeneoCSV.catalog(skus: ["F-6"]).rows[0])
        try drop("export-2.csv", Data(export.text.utf8))
        try await eventually("the second export is applied") {
            let last = try await lastImport(database)
            return last?.id == 2 && last?.state == "archived"
        }
        await #expect(try lastImport(database)?.summary == DiffSummary(added: 1, changed: 1, removed: 1, unchanged: 3))
        try await eventually("the changed and added SKUs are regenerated") {
            let status = try await database.status()
            return status.generationJobs["done"] == 7 && status.outbox["pending", default: 0] + status.outbox["in_flight", default: 0] == 0
        }
        let detail = try await Executables.json("catalogctl", ["products", "show", "B-2", "--state-dir", state.path])
        let copy = try #require(detail["copy"] as? [[String: Any]])
        let english = try #require(copy.first { $0["locale"] as? String == "en" })
        #expect((english["bodyHTML"] as? String)?.contains("Red") == true)
        #expect((detail["history"] as? [[String: Any]])?.compactMap { $0["change"] as? String } == ["added", "changed"])
        await #expect(try database.manualQueue.entries(includeExported: false).count == 6, "only B-2 and F-6 need exporting again")

        #expect(try await daemon.stop() == 0)
        #expect(daemon.log.contains("catalogd stopped"))
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func badFilesAreQuarantinedWithAReasonAndTheDaemonCarriesOn() async throws {
        let daemon = try CatalogdProcess(stateDirectory: state)
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)

        var invalidUTF8 = Data("sku;name-de_DE\nA-1;Gr".utf8)
        invalidUTF8.append(0xF6)
        invalidUTF8.append(Data("n\n".utf8))
        let cases: [(name: String, data: Data, code: CatalogError.Code, line: Int)] = [
            ("columns.csv", Data("sku;color;size\nA-1;Red;M\nB-2;Blue\n".utf8), .wrongColumnCount, 3),
            ("latin1.csv", invalidUTF8, .invalidUTF8, 2),
            ("empty-sku.csv", Data("sku;color\nA-1;Red\n;Blue\n".utf8), .emptySKU, 3),
        ]
        for (index, bad) in cases.enumerated() {
            try drop(bad.name, bad.data)
            // The import row is written before the file moves, so wait for the files themselves.
            let quarantine = state.appendingPathComponent("quarantine")
            try await eventually("\(bad.name) and its sidecar are in quarantine") {
                let names = try FileManager.default.contentsOfDirectory(atPath: quarantine.path)
                return names.filter { $0.hasSuffix("-\(bad.name)") || $0.hasSuffix("-\(bad.name).error.json") }.count == 2
            }
            await #expect(try database.status().imports["quarantined"] == index + 1)
            let quarantined = try FileManager.default.contentsOfDirectory(atPath: quarantine.path)
            let sidecarName = try #require(quarantined.first { $0.hasSuffix("-\(bad.name).error.json") })
            let report = try JSONDecoder().decode(QuarantineReport.self, from: Data(contentsOf: quarantine.appendingPathComponent(sidecarName)))
            #expect(report.error.code == .tooManyRowErrors)
            #expect(report.error.context.file == bad.name)
            #expect(report.error.context.line == bad.line)
            #expect(report.rowErrors.map(\.code) == [bad.code])
            #expect(report.rowErrors.first?.context.line == bad.line)
            #expect(daemon.log.contains("import quarantined: \(bad.name), line \(bad.line)"))
        }
        #expect(daemon.isRunning)
        await #expect(try database.status().products == 0, "a rejected file writes nothing")

        // A repeated SKU is not fatal: the later row wins and the log says so.
        try drop("duplicate.csv", Data("sku;color\nA-1;Red\nB-2;Blue\nA-1;Green\n".utf8))
        try await eventually("the file with a repeated SKU is imported") { try await database.status().products == 2 }
        #expect(daemon.log.contains("line 4: SKU 'A-1' appears again (first on line 2); the later record wins"))
        await #expect(try database.catalog.productDetail(SKU("A-1")!)?.product.attributes["color"] == .text("Green"))

        try drop("good.csv", Data(AkeneoCSV.catalog(skus: ["A-1", "B-2"]).text.utf8))
        try await eventually("the next good file is imported and archived") {
            try await database.status().imports["archived"] == 2 && FileManager.default.contentsOfDirectory(atPath: inbox.path).isEmpty
        }
        await #expect(try database.status().products == 2)
        #expect(try await daemon.stop() == 0)
    }

    @Test func filesDroppedWhileStoppedAreImportedAtStartup() async throws {
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try drop("waiting.csv", Data(AkeneoCSV.catalog(skus: ["A-1"]).text.utf8))
        try directory.write("state/inbox/still-uploading.csv.part", AkeneoCSV.catalog(skus: ["Z-9"]).text)
        let daemon = try CatalogdProcess(stateDirectory: state)
        let database = try await openWhenReady(daemon)
        try await eventually("the waiting file is imported") { try await database.status().products == 1 }
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("still-uploading.csv.part").path))
        #expect(try await daemon.stop() == 0)
    }

    /// The pipeline's decisions are explainable from the CLI, and a person's regeneration
    /// request is served ahead of everything else.
    @Test func tracesRegenerationCostsAndReviewFromTheCLI() async throws {
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let daemon = try CatalogdProcess(stateDirectory: state)
        let database = try await openWhenReady(daemon)
        try drop("one.csv", Data(AkeneoCSV.catalog(skus: ["A-1"]).text.utf8))
        try await eventually("A-1 is generated") { try await database.copyLedger.pipelineRuns(for: SKU("A-1")!).count == 1 }

        let traced = try await Executables.json("catalogctl", ["products", "show", "A-1", "--trace", "--state-dir", state.path])
        let runs = try #require(traced["runs"] as? [[String: Any]])
        #expect(runs.first?["summary"] as? String == "3 published")
        #expect(runs.first?["route"] as? String == "template")
        let steps = try #require(runs.first?["steps"] as? [[String: Any]])
        let agents = Set(steps.compactMap { $0["agent"] as? String })
        #expect(agents == ["planner", "guardrail", "executor", "seo", "evaluator", "translation"])
        let text = try await Executables.run("catalogctl", ["products", "show", "A-1", "--trace", "--state-dir", state.path]).output
        #expect(text.contains("planner     ") && text.contains("choose-route → template") && text.contains("reason: no provider configured"))

        let regenerate = try await Executables.json("catalogctl", ["regenerate", "A-1", "--state-dir", state.path])
        #expect(regenerate["queued"] as? Int == 1)
        try await eventually("A-1 is generated again") { try await database.copyLedger.pipelineRuns(for: SKU("A-1")!).count == 2 }
        let unknown = try await Executables.run("catalogctl", ["regenerate", "NOPE", "--state-dir", state.path])
        #expect(unknown.status == 64, "a usage error: no such product")

        let costs = try await Executables.json("catalogctl", ["costs", "--by", "model", "--state-dir", state.path])
        #expect(costs["today"] as? Double == 0)
        #expect((costs["lines"] as? [Any])?.isEmpty == true)
        let review = try await Executables.run("catalogctl", ["review", "list", "--state-dir", state.path])
        #expect(review.output == "nothing to review\n")
        #expect(try await daemon.stop() == 0)
    }

    private func openWhenReady(_ daemon: CatalogdProcess) async throws -> CatalogDatabase {
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        return try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
    }
}
