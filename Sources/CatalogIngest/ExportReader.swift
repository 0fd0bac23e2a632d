public import CatalogCore
public import CatalogParsing

/// Receives what a reader finds, record by record, so a file of any size streams through.
public protocol RecordSink {
    /// The file says whether it is a full snapshot or a delta (BMEcat's transaction element).
    mutating func declare(mode: ImportMode) throws
    /// A product read from the file; `fingerprint` identifies its raw record when the reader
    /// can tell (see `knownFingerprint`).
    mutating func product(_ product: Product, line: Int, fingerprint: RowFingerprint?) throws
    /// A product the reader wrote as its canonical document directly.
    mutating func document(_ document: CanonicalDocument, line: Int, fingerprint: RowFingerprint?) throws
    /// The fingerprint `sku` was last imported from. A reader that meets the same fingerprint
    /// again reports `unchanged` instead of building the product: re-imports stay cheap.
    func knownFingerprint(of sku: SKU) -> RowFingerprint?
    mutating func unchanged(_ sku: SKU, line: Int) throws
    /// The file asks for a product to be deleted (BMEcat `mode="delete"`).
    mutating func deletion(_ sku: SKU, line: Int) throws
    /// A row that cannot be used; the reader skips it and carries on.
    mutating func rowError(_ error: CatalogError) throws
}

extension RecordSink {
    /// Sinks that want `Product` values get the document decoded.
    public mutating func document(_ document: CanonicalDocument, line: Int, fingerprint: RowFingerprint?) throws {
        try product(try document.product(), line: line, fingerprint: fingerprint)
    }

    /// A product from a reader that does not fingerprint its records.
    public mutating func product(_ product: Product, line: Int) throws {
        try self.product(product, line: line, fingerprint: nil)
    }
}

/// One export format. Each reader is its own file; all map into the same canonical `Product`.
public protocol ExportReader: Sendable {
    var format: ExportFormat { get }
    /// Streams the records of `source` into `sink`. Errors that make the whole file unusable
    /// (not well-formed XML, a missing identifier column) are thrown.
    func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws
}

/// The formats catalogd reads, as named in the configuration.
public enum ExportFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case akeneoCSV = "akeneo-csv"
    case akeneoJSONL = "akeneo-jsonl"
    case bmecat = "bmecat"
    case merchantRSS = "merchant-rss"
    case merchantAtom = "merchant-atom"
    case merchantJSON = "merchant-json"

    /// Recognises a format from a file's first bytes (already decompressed): the root element
    /// of an XML document, the shape of the first JSON value, else a delimited header.
    public static func detect(_ prefix: [UInt8], csvIdentifierColumn: String, delimiter: UInt8) -> ExportFormat? {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        while let first = bytes.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D {
            bytes = bytes.dropFirst()
        }
        guard let first = bytes.first else { return nil }
        let text = String(decoding: bytes.prefix(8192), as: UTF8.self)
        switch first {
        case UInt8(ascii: "<"):
            if text.contains("<BMECAT") { return .bmecat }
            if text.range(of: "<rss") != nil { return .merchantRSS }
            if text.range(of: "<feed") != nil { return .merchantAtom }
            return nil
        case UInt8(ascii: "{"):
            let firstLine = text.prefix { $0 != "\n" }
            if firstLine.contains("\"identifier\"") { return .akeneoJSONL }
            if text.contains("\"offerId\"") || text.contains("\"resources\"") || text.contains("\"items\"") { return .merchantJSON }
            return nil
        case UInt8(ascii: "["):
            return text.contains("\"offerId\"") || text.contains("\"id\"") ? .merchantJSON : nil
        default:
            // Delimited text is read as CSV, so a header lacking the identifier column gets the
            // reader's precise error rather than "unknown format".
            let header = text.prefix { $0 != "\n" && $0 != "\r" }
            let columns = header.split(separator: Character(UnicodeScalar(delimiter)), omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .init(charactersIn: "\"")) }
            return columns.count > 1 || columns.contains(csvIdentifierColumn) ? .akeneoCSV : nil
        }
    }
}

import Foundation
