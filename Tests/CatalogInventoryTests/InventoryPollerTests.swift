import CatalogCore
import CatalogHTTP
import CatalogInventory
import CatalogStore
import CatalogTestSupport
import Foundation
import Logging
import Testing

/// The poller against a loopback feed: conditional requests, whole-or-nothing application,
/// and failures that leave the stored stock alone.
@Suite struct InventoryPollerTests {
    static func feed(_ lines: [(String, Int)]) -> String {
        "[" + lines.map { "{\"sku\": \"\($0.0)\", \"quantity\": \($0.1)}" }.joined(separator: ",") + "]"
    }

    @Test func conditionalRequestsAndWholeOrNothing() async throws {
        let directory = TemporaryDirectory()
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite").path)
        let server = FakeInventoryServer(body: Self.feed([("A-1", 5), ("B-2", 0)]))
        try await server.start()
        let transport = AsyncHTTPTransport()
        let poller = InventoryPoller(
            // A timeout with room to spare under a loaded test run; the slow answer is beyond it.
            source: InventorySource(name: "erp", origin: .url(server.url), timeout: .seconds(4), alertAfter: .zero),
            transport: transport, logger: Logger(label: "test"),
            apply: { try await database.stock.applyStock($0, source: "erp") }
        )

        #expect(await poller.pollOnce() == .applied([StockChange(sku: SKU("A-1")!, old: nil, new: 5), StockChange(sku: SKU("B-2")!, old: nil, new: 0)], warnings: []))
        #expect(await poller.pollOnce() == .notModified, "the ETag came back as If-None-Match")
        #expect(server.requests.map(\.status) == [200, 304])
        #expect(server.requests.last?.ifNoneMatch != nil)

        server.setBody(Self.feed([("A-1", 0), ("B-2", 3), ("C-3", 1)]))
        server.setMode(.truncated)
        guard case .failed(let reason) = await poller.pollOnce() else {
            Issue.record("a truncated feed was applied")
            return
        }
        #expect(reason.contains("rejected the whole response"))
        await #expect(try database.stock.quantity(of: SKU("A-1")!) == 5, "nothing applied from a truncated body")
        server.setMode(.status(500))
        #expect(await poller.pollOnce() == .failed("HTTP 500 from \(server.url)"))
        server.setMode(.slow(.seconds(6)))
        guard case .failed(let timeout) = await poller.pollOnce() else {
            Issue.record("a slow feed did not time out")
            return
        }
        #expect(timeout.contains("timeout"))

        server.setMode(.normal)
        #expect(await poller.pollOnce() == .applied([
            StockChange(sku: SKU("A-1")!, old: 5, new: 0), StockChange(sku: SKU("B-2")!, old: 0, new: 3), StockChange(sku: SKU("C-3")!, old: nil, new: 1),
        ], warnings: []))
        try await transport.shutdown()
        await server.stop()
    }

    /// Files dropped in a folder: each applies whole and moves to processed/; a bad one is
    /// quarantined with its reason while the others still apply.
    @Test func droppedFilesApplyWholeOrAreQuarantined() async throws {
        let directory = TemporaryDirectory()
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite").path)
        let folder = directory.path("stock")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let transport = AsyncHTTPTransport()
        let poller = InventoryPoller(
            source: InventorySource(name: "shop-floor", origin: .folder(folder), mapping: InventoryFieldMapping(items: "line", sku: "@sku", quantity: "qty")),
            transport: transport, logger: Logger(label: "test"),
            apply: { try await database.stock.applyStock($0, source: "shop-floor") }
        )
        #expect(await poller.pollOnce() == .notModified)
        try Data(#"<stock><line sku="A-1"><qty>4</qty></line><line sku="B-2"><qty>0</qty></line></stock>"#.utf8).write(to: folder.appendingPathComponent("1.xml"))
        try Data(#"<stock><line sku="A-1"><qty>3</qty></line><line sku="C-3"><qty>"#.utf8).write(to: folder.appendingPathComponent("2.xml"))
        try Data("half written".utf8).write(to: folder.appendingPathComponent("3.xml.part"))
        let result = await poller.pollOnce()
        #expect(result == .applied([StockChange(sku: SKU("A-1")!, old: nil, new: 4), StockChange(sku: SKU("B-2")!, old: nil, new: 0)], warnings: []))
        await #expect(try database.stock.quantity(of: SKU("A-1")!) == 4, "nothing from the truncated file")
        let processed = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("processed").path)
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("quarantine").path).sorted()
        #expect(processed.count == 1 && processed[0].hasSuffix("-1.xml"))
        #expect(quarantined.count == 2 && quarantined[0].hasSuffix("-2.xml") && quarantined[1].hasSuffix("-2.xml.reason"))
        let reason = try String(contentsOf: folder.appendingPathComponent("quarantine").appendingPathComponent(quarantined[1]), encoding: .utf8)
        #expect(reason.contains("not usable XML"), "\(reason)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("3.xml.part").path), "a file still being written is left alone")
        try await transport.shutdown()
    }

    /// A source failing for longer than `alertAfter`, and one answering only 304 for longer than
    /// `staleAfter`, each raise one alert; the clock is moved on, not waited for.
    @Test func failingAndStaleSourcesAlertOnceTheirTimeHasPassed() async throws {
        let server = FakeInventoryServer(body: Self.feed([("A-1", 5)]))
        try await server.start()
        let transport = AsyncHTTPTransport()
        let clock = ManualClock()
        let record = RecordingLogHandler.Record()
        let poller = InventoryPoller(
            source: InventorySource(name: "erp", origin: .url(server.url), alertAfter: .seconds(900), staleAfter: .seconds(3600)),
            transport: transport, logger: RecordingLogHandler.logger(record), apply: { _ in [] }, time: Timekeeper(clock)
        )
        func alerts(_ id: String) -> Int { record.entries.filter { $0.metadata["message_id"] == id }.count }

        server.setMode(.status(500))
        _ = await poller.pollOnce()
        clock.advance(by: .seconds(899))
        _ = await poller.pollOnce()
        #expect(alerts(JournalMessageID.inventorySourceFailing) == 0, "failing for 899 s of 900")
        clock.advance(by: .seconds(1))
        _ = await poller.pollOnce()
        _ = await poller.pollOnce()
        #expect(alerts(JournalMessageID.inventorySourceFailing) == 1, "one alert, not one per poll")

        server.setMode(.normal)
        _ = await poller.pollOnce()
        #expect(await poller.pollOnce() == .notModified)
        clock.advance(by: .seconds(3600))
        #expect(await poller.pollOnce() == .notModified)
        #expect(await poller.pollOnce() == .notModified)
        #expect(alerts(JournalMessageID.inventorySourceStale) == 1)
        try await transport.shutdown()
        await server.stop()
    }
}

@Suite struct InventoryXMLFeedTests {
    @Test func readsChildElementsAttributesAndTheDiscontinuedMark() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <inventory xmlns="urn:example:stock">
              <item sku="A-1"><stock><available>5</available></stock><warehouse>BER</warehouse></item>
              <item sku="B-2"><stock><available>-2</available></stock><status>discontinued</status></item>
            </inventory>
            """
        let mapping = InventoryFieldMapping(items: "item", sku: "@sku", quantity: "stock.available", location: "warehouse", discontinued: "status")
        let (levels, warnings) = try InventoryFeed.parse(Data(xml.utf8), format: .xml, mapping: mapping)
        #expect(levels == [
            StockLevel(sku: SKU("A-1")!, location: "BER", quantity: 5),
            StockLevel(sku: SKU("B-2")!, location: "", quantity: 0, discontinued: true),
        ])
        #expect(warnings.count == 1 && warnings[0].contains("B-2 has quantity -2"))
    }

    @Test func hostileOrBrokenXMLIsRejectedWhole() {
        let mapping = InventoryFieldMapping(items: "item")
        let cases: [(String, String)] = [
            (#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><item><sku>&x;</sku><quantity>1</quantity></item></r>"#, "the response is not usable XML"),
            ("<r><item><sku>A-1</sku><quantity>1</quantity></item>", "the response is not usable XML"),
            ("<r><item><sku>A-1</sku><quantity>99999999999999999999</quantity></item></r>", #"line 1 (<item>): 'quantity' is "99999999999999999999", not a whole number"#),
            ("<r><item><quantity>1</quantity></item></r>", "line 1 (<item>): missing or empty 'sku'"),
        ]
        for (xml, message) in cases {
            #expect {
                try InventoryFeed.parse(Data(xml.utf8), format: .xml, mapping: mapping)
            } throws: { error in
                "\(error)".hasPrefix(message)
            }
        }
        #expect(throws: InventoryFeedError.self) { try InventoryFeed.parse(Data([0x3C, 0x72, 0x3E, 0xFF, 0x3C, 0x2F, 0x72, 0x3E]), format: .xml, mapping: mapping) }
    }
}
