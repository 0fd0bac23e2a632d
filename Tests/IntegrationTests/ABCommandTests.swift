import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// `catalogctl ab` from create to promote on a state directory with no daemon running.
@Suite struct ABCommandTests {
    let directory = TemporaryDirectory("catalogctl-ab")
    var state: String { directory.path("state").path }

    func conversions(_ rows: [(sku: String, variant: String, views: Int, purchases: Int)]) throws -> URL {
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let lines = rows.map { "\(day),\($0.sku),catalogd-\($0.variant.lowercased()),\($0.views),\($0.purchases * 3),\($0.purchases),\(Double($0.purchases) * 49.9)" }
        return try directory.write("conversions-\(UUID().uuidString).csv", (["date,sku,variant,views,add_to_carts,purchases,revenue"] + lines).joined(separator: "\n"))
    }

    @Test func anExperimentRunsFromCreateToPromote() async throws {
        let common = ["--state-dir", state]
        let export = try directory.write("export.csv", AkeneoCSV.catalog(skus: ["A-1", "B-2", "C-3", "D-4"]).text)
        #expect(try await Executables.run("catalogctl", ["import", export.path] + common).status == 0)

        let created = try await Executables.json("catalogctl", ["ab", "create", "--skus", "A-1,B-2", "--variant-a", "template@1", "--variant-b", "llm:anthropic/claude@2", "--name", "storm copy"] + common)
        let id = try #require(created["id"] as? Int)
        #expect(try await Executables.run("catalogctl", ["ab", "create", "--skus", "B-2", "--variant-b", "llm:anthropic/claude@2", "--variant-a", "template@1"] + common).status != 0, "B-2 is already being tested")

        // The true rates: 3.0% for A and 3.6% for B, over 40,000 views each, split between SKUs.
        let file = try conversions([("A-1", "A", 20_000, 600), ("B-2", "A", 20_000, 600), ("A-1", "B", 20_000, 730), ("B-2", "B", 20_000, 710), ("D-4", "B", 5_000, 4_000)])
        let imported = try await Executables.json("catalogctl", ["ab", "import", file.path, "--format", "csv"] + common)
        #expect(imported["rows"] as? Int == 5)
        #expect(try await Executables.json("catalogctl", ["ab", "import", file.path, "--format", "csv"] + common)["rows"] as? Int == 5)

        let report = try await Executables.run("catalogctl", ["ab", "report", "\(id)"] + common)
        #expect(report.status == 0)
        #expect(report.output.contains("verdict: winner: B (+20.0% conversion rate)"), "\(report.output)")
        #expect(report.output.contains("40000    1200   3.00%"), "D-4 is not in the experiment and the re-import counted once: \(report.output)")
        let json = try await Executables.json("catalogctl", ["ab", "report", "\(id)"] + common)
        #expect((json["verdict"] as? String)?.hasPrefix("winner: B") == true)

        #expect(try await Executables.run("catalogctl", ["generators", "promote", "llm:anthropic/claude@2"] + common).status != 0, "not before it has won")
        let promoted = try await Executables.json("catalogctl", ["ab", "promote", "\(id)"] + common)
        #expect(promoted["winner"] as? String == "B")
        #expect(try await Executables.run("catalogctl", ["ab", "list"] + common).output.contains("#\(id)  promoted (winner B)  storm copy"))
    }

    @Test func aSampleRatioMismatchIsReportedAsBroken() async throws {
        let common = ["--state-dir", state]
        let export = try directory.write("export.csv", AkeneoCSV.catalog(skus: ["E-5"]).text)
        #expect(try await Executables.run("catalogctl", ["import", export.path] + common).status == 0)
        let id = try #require(try await Executables.json("catalogctl", ["ab", "create", "--skus", "E-5", "--variant-a", "template@1", "--variant-b", "template@2"] + common)["id"] as? Int)
        let file = try conversions([("E-5", "A", 45_000, 1_350), ("E-5", "B", 55_000, 1_980)])
        #expect(try await Executables.run("catalogctl", ["ab", "import", file.path, "--format", "csv"] + common).status == 0)
        let report = try await Executables.run("catalogctl", ["ab", "report", "\(id)"] + common).output
        #expect(report.contains("verdict: BROKEN: sample ratio mismatch"), "\(report)")
        #expect(try await Executables.run("catalogctl", ["ab", "promote", "\(id)"] + common).status != 0, "a broken test promotes nothing")
    }
}
