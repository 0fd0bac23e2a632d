import CatalogCore
import CatalogIngest
import CatalogParsing
import CatalogInventory
import CatalogMagento
import CatalogPipeline
import CatalogShopify
import Foundation

/// One reader under fuzzing. Each takes arbitrary bytes and must either read them or throw
/// the error an operator is shown (`CatalogError` for exports, `InventoryFeedError` for
/// stock feeds): a crash, a hang, or any other error type is a finding. The response targets
/// take a whole recorded HTTP answer (status, headers, body; bytes that are not one are the
/// body of a 200) and read it as every operation of that API would.
enum FuzzTarget: String, CaseIterable {
    case akeneoCSV = "akeneo-csv"
    case akeneoJSONL = "akeneo-jsonl"
    case bmecat
    case merchantRSS = "merchant-rss"
    case merchantAtom = "merchant-atom"
    case merchantJSON = "merchant-json"
    /// Gzip framing in front of the CSV reader: truncated and corrupt streams.
    case gzip
    /// Format detection on a file's first bytes, then that format's reader.
    case detect
    case inventoryJSON = "inventory-json"
    case inventoryXML = "inventory-xml"
    case shopifyResponse = "shopify-response"
    case magentoResponse = "magento-response"
    /// Anthropic and OpenAI-compatible answers.
    case modelResponse = "model-response"

    /// Where the seeds are, under Tests/Fixtures: the target's own folder of seeds and
    /// findings, and for the response targets the response corpus too.
    var seedFolders: [String] {
        switch self {
        case .shopifyResponse: ["fuzz/\(rawValue)", "responses/shopify"]
        case .magentoResponse: ["fuzz/\(rawValue)", "responses/magento"]
        case .modelResponse: ["fuzz/\(rawValue)", "responses/anthropic", "responses/openai-compatible"]
        default: ["fuzz/\(rawValue)"]
        }
    }

    static let folder = WatchedFolder(path: URL(fileURLWithPath: "/nonexistent"), source: "fuzz")
    static let mapping = InventoryFieldMapping()

    /// Runs `data` through the reader; returns how many records it produced.
    func run(_ data: Data) throws -> Int {
        switch self {
        case .akeneoJSONL:
            var reference = AkeneoJSONLReader()
            reference.mapsDirectly = false
            Self.compareMappings(data, direct: AkeneoJSONLReader(), reference: reference)
            return try Self.read(data, format: .akeneoJSONL)
        case .bmecat:
            var reference = BMEcatReader()
            reference.mapsDirectly = false
            Self.compareMappings(data, direct: BMEcatReader(), reference: reference)
            return try Self.read(data, format: .bmecat)
        case .akeneoCSV, .merchantRSS, .merchantAtom, .merchantJSON:
            return try Self.read(data, format: ExportFormat(rawValue: rawValue)!)
        case .gzip:
            var source = try GzipByteSource(DataByteSource(data))
            var sink = CollectedRecords()
            try Self.folder.reader(for: .akeneoCSV).read(&source, into: &sink)
            return sink.products.count
        case .detect:
            guard let format = ExportFormat.detect(Array(data.prefix(65_536)), csvIdentifierColumn: "sku", delimiter: UInt8(ascii: ";")) else { return 0 }
            return try Self.read(data, format: format)
        case .inventoryJSON:
            return try InventoryFeed.parse(data, format: .json, mapping: Self.mapping).levels.count
        case .inventoryXML:
            return try InventoryFeed.parse(data, format: .xml, mapping: Self.mapping).levels.count
        case .shopifyResponse:
            let response = Self.response(data)
            return ShopifyAnswerReader.operations.map { ShopifyAnswerReader.read(response, operation: $0) }.count
        case .magentoResponse:
            return MagentoAnswerReader.read(Self.response(data)).count
        case .modelResponse:
            let response = Self.response(data)
            return ModelAnswerReader.providers.map { ModelAnswerReader.read(response, provider: $0) }.count
        }
    }

    static func response(_ data: Data) -> HTTPResponseSpec {
        let bytes = Array(data)
        return HTTPResponseSpec(recorded: bytes) ?? HTTPResponseSpec(status: 200, body: bytes)
    }

    static func read(_ data: Data, format: ExportFormat) throws -> Int {
        let records = try folder.reader(for: format).readAll(Array(data))
        // A document a reader wrote directly must be the canonical form of the
        // product it decodes to, or equal products would hash differently.
        for (document, product) in zip(records.documents, records.products) where CanonicalDocument(product).json != document.json {
            fatalError("document is not canonical: \(String(decoding: document.json, as: UTF8.self))")
        }
        return records.products.count + records.unchanged.count + records.deletions.count
    }

    /// Records mapped straight from their bytes must give what the reader's reference path
    /// (building each `Product`) gives: the same documents, lines and errors.
    static func compareMappings(_ data: Data, direct directReader: some ExportReader, reference: some ExportReader) {
        let bytes = Array(data)
        let direct = Result { try directReader.readAll(bytes) }, expected = Result { try reference.readAll(bytes) }
        switch (direct, expected) {
        case (.success(let direct), .success(let expected)):
            guard canonicalJSON(direct) == canonicalJSON(expected), direct.lines == expected.lines,
                  direct.deletions == expected.deletions,
                  direct.rowErrors.map(\.description) == expected.rowErrors.map(\.description)
            else {
                fatalError("the direct \(directReader.format) mapping differs: \(canonicalJSON(direct).map { String(decoding: $0, as: UTF8.self) }) \(direct.rowErrors) vs \(canonicalJSON(expected).map { String(decoding: $0, as: UTF8.self) }) \(expected.rowErrors)")
            }
        case (.failure(let direct), .failure(let expected)) where "\(direct)" == "\(expected)":
            break
        default:
            fatalError("the direct \(directReader.format) mapping differs: \(direct) vs \(expected)")
        }
    }

    /// The documents a reader wrote, or the canonical JSON of the products it built.
    static func canonicalJSON(_ records: CollectedRecords) -> [[UInt8]] {
        records.documents.isEmpty ? records.products.map { CanonicalDocument($0).json } : records.documents.map(\.json)
    }

    /// Whether `error` is one the daemon reports to a person as it is.
    static func isReported(_ error: any Error) -> Bool {
        error is CatalogError || error is InventoryFeedError
    }

    /// One input, the way the fuzzer and the corpus replay both run it: an unexpected error type
    /// stops the process with the input's description.
    func check(_ data: Data) {
        do {
            _ = try run(data)
        } catch where Self.isReported(error) {
            return
        } catch {
            fatalError("\(rawValue): \(type(of: error)) is not a reported error: \(error)")
        }
    }
}
