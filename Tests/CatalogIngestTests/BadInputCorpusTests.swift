import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Logging
import Testing

/// The bad-input corpus in Tests/Fixtures/bad-input: each file with the exact error it must
/// produce. Every one is quarantined with a reason, and none applies anything.
@Suite struct BadInputCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/bad-input")

    static let expectations: [(file: String, code: CatalogError.Code, line: Int?, message: String)] = [
        ("not-well-formed.xml", .malformedXML, 6, "not well-formed XML"),
        ("xxe-local-file.xml", .forbiddenXML, 8, "uses an entity (&secret;)"),
        ("xxe-url.xml", .forbiddenXML, 8, "uses an entity (&remote;)"),
        ("billion-laughs.xml", .forbiddenXML, 17, "uses an entity (&lol9;)"),
        ("truncated.csv.gz", .truncatedFile, nil, "gzip stream ends early"),
        ("empty.csv", .emptyFile, nil, "the file is empty"),
        ("unknown-format.txt", .unsupportedFormat, nil, "cannot tell the format"),
        ("no-sku-column.csv", .missingIdentifierColumn, 1, "no 'sku' column in the header"),
        ("unterminated-quote.csv", .unterminatedQuote, 3, "never closed"),
        ("latin1.csv", .tooManyRowErrors, 2, "not valid UTF-8"),
        ("bad-jsonl.jsonl", .tooManyRowErrors, 2, "not a JSON object"),
        ("bmecat-no-transaction.xml", .missingField, nil, "no T_NEW_CATALOG"),
    ]

    @Test(arguments: expectations.map(\.file))
    func eachBadFileIsQuarantinedWithItsReason(file: String) throws {
        let expected = try #require(Self.expectations.first { $0.file == file })
        let directory = TemporaryDirectory()
        let layout = FolderLayout(processed: directory.path("processed"), quarantine: directory.path("quarantine"), held: directory.path("held"))
        try layout.createDirectories()
        let store = InMemoryProductStore()
        let importer = FileImporter(store: store, folder: WatchedFolder(path: Self.corpus, source: "corpus"), layout: layout, clock: FixedClock(), logger: Logger(label: "test"))
        let outcome = importer.importFile(at: Self.corpus.appendingPathComponent(file), disposition: .copy)
        guard case .quarantined(let error, let movedTo) = outcome else {
            Issue.record("\(file): expected quarantine, got \(outcome)")
            return
        }
        #expect(error.code == expected.code, "\(file): \(error)")
        if let line = expected.line { #expect(error.context.line == line, "\(file): \(error)") }
        #expect(error.message.contains(expected.message), "\(file): \(error.message)")
        #expect(error.context.file == file)
        #expect(store.products.isEmpty)
        #expect(FileManager.default.fileExists(atPath: movedTo + ".error.json"))
    }

    @Test func anExternalDTDIsNeverFetchedAndTheCatalogStillReads() throws {
        let data = try Data(contentsOf: Self.corpus.appendingPathComponent("../bmecat/network-dtd.xml").standardizedFileURL)
        let records = try BMEcatReader().readAll(Array(data))
        #expect(records.products.map(\.sku.rawValue) == ["DTD-1"])
    }
}
