public import CatalogCore
public import Foundation

/// Reads an Akeneo CSV product export into canonical products.
///
/// Headers follow Akeneo's conventions: `code`, `code-<locale>`, `code-<scope>`,
/// `code-<locale>-<scope>`, `code-<CUR>` for prices and `code-unit` beside a metric `code`.
/// The whole file is validated before anything is returned, so a bad row never produces a
/// partial import.
public struct AkeneoCSVReader: ExportReader {
    public struct Options: Hashable, Sendable {
        public var delimiter: UInt8
        /// The identifier attribute's column (Akeneo's default identifier is `sku`).
        public var identifierColumn: String
        /// The channel whose scoped values are read; values of other channels are ignored.
        public var channel: String
        /// Types for attributes a CSV cannot express (booleans, multi-selects, media); an
        /// attribute not listed is text, or a number when a `code-unit` column accompanies it.
        public var attributeTypes: [String: DeclaredType]

        public init(delimiter: UInt8 = UInt8(ascii: ";"), identifierColumn: String = "sku", channel: String = "ecommerce", attributeTypes: [String: DeclaredType] = [:]) {
            self.delimiter = delimiter
            self.identifierColumn = identifierColumn
            self.channel = channel
            self.attributeTypes = attributeTypes
        }
    }

    /// The attribute types an operator can declare for CSV columns.
    public enum DeclaredType: String, Hashable, Sendable, CaseIterable {
        case text, number, boolean, list, media
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public var format: ExportFormat { .akeneoCSV }

    /// Part of every row fingerprint: bump it whenever the mapping from a row to a `Product`
    /// changes, so stored fingerprints stop matching and every product is built anew.
    public static let mappingVersion = 1

    /// Streams the export in 1 MiB chunks. A bad row (wrong field count, invalid UTF-8, an empty
    /// SKU, an unparseable value) is reported to the sink and skipped; a file without a usable
    /// header, or with a quote that never closes, is rejected whole.
    public func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws {
        var parser = Parser(options: options)
        var tokenizer = CSVTokenizer(delimiter: options.delimiter)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var first = true
        do {
            while true {
                let count = try source.read(into: buffer)
                if count == 0 { break }
                var chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                if first {
                    first = false
                    if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { chunk = UnsafeRawBufferPointer(rebasing: chunk[3...]) }
                }
                try tokenizer.feed(chunk) { try parser.consume($0, into: &sink) }
            }
            try tokenizer.finish { try parser.consume($0, into: &sink) }
        } catch let error as CSVSyntaxError {
            switch error {
            case .unterminatedQuote(let line):
                throw CatalogError(.unterminatedQuote, "a quoted field opened here is never closed; check for a stray \" character", context: .init(line: line))
            case .textAfterClosingQuote(let line, let field):
                throw CatalogError(.unterminatedQuote, "unexpected text after a closing quote in field \(field); quotes inside a field must be doubled (\"\")", context: .init(line: line, column: field))
            }
        }
        guard parser.header != nil else {
            throw CatalogError(.emptyFile, "the file has no header row; expected an Akeneo CSV export starting with a header such as '\(options.identifierColumn)\(Character(UnicodeScalar(options.delimiter)))family'")
        }
    }
}

/// How one header cell maps onto the canonical model.
private enum ColumnRole: Hashable {
    case identifier, family, categories, enabled, ignored
    case text(code: String)
    case localized(code: String, locale: LocaleCode)
    case price(code: String, currency: String)
    case unit(code: String)
}

private struct Parser {
    let options: AkeneoCSVReader.Options
    var header: [String]?
    var roles: [ColumnRole] = []
    var identifierIndex: Int?
    var headerDigest: [UInt8]?

    init(options: AkeneoCSVReader.Options) {
        self.options = options
    }

    mutating func consume<Sink: RecordSink>(_ record: CSVTokenizer.Record, into sink: inout Sink) throws {
        guard let header else {
            let cells = try (0..<record.count).map { try decodeUTF8(record.field($0), line: record.line, column: $0) }
            try readHeader(cells, line: record.line)
            return
        }
        do {
            guard record.count == header.count else {
                throw CatalogError(
                    .wrongColumnCount,
                    "expected \(header.count) fields as in the header, found \(record.count); check for an unquoted '\(Character(UnicodeScalar(options.delimiter)))' or a missing field",
                    context: .init(line: record.line)
                )
            }
            let fingerprint = fingerprint(of: record)
            if let sku = identifier(of: record), let fingerprint, sink.knownFingerprint(of: sku) == fingerprint {
                try sink.unchanged(sku, line: record.line)
            } else {
                try sink.product(try makeProduct(record), line: record.line, fingerprint: fingerprint)
            }
        } catch var error as CatalogError {
            // Name the product when the row has one, so the report reads "SKU X: …".
            if error.context.sku == nil, let sku = identifier(of: record) {
                error.context.sku = sku.rawValue
            }
            try sink.rowError(error)
        }
    }

    /// What the record's product was built from: the mapping version, the options, the header
    /// and the row's fields. Equal fingerprints mean an equal product, so it need not be built.
    private func fingerprint(of record: CSVTokenizer.Record) -> RowFingerprint? {
        guard let headerDigest else { return nil }
        var input = headerDigest
        input.reserveCapacity(headerDigest.count + record.bytes.count + 4 * record.count)
        for index in 0..<record.count {
            let field = record.field(index)
            withUnsafeBytes(of: UInt32(field.count).littleEndian) { input.append(contentsOf: $0) }
            input.append(contentsOf: field)
        }
        return RowFingerprint(of: input)
    }

    private func identifier(of record: CSVTokenizer.Record) -> SKU? {
        guard let index = identifierIndex, index < record.count else { return nil }
        return UTF8Text.string(record.field(index)).flatMap(SKU.init)
    }

    private func decodeUTF8(_ bytes: ArraySlice<UInt8>, line: Int, column index: Int) throws -> String {
        if let text = UTF8Text.string(bytes) { return text }
        let offset = bytes.withUnsafeBytes { UTF8Text.firstInvalidOffset($0) } ?? 0
        let columnName = header.flatMap { index < $0.count ? $0[index] : nil } ?? "#\(index + 1)"
        throw CatalogError(
            .invalidUTF8,
            "field '\(columnName)' is not valid UTF-8 (byte 0x\(String(bytes[bytes.startIndex + offset], radix: 16, uppercase: true)) at offset \(offset) in the field); re-export the file as UTF-8",
            context: .init(line: line, column: index + 1, key: columnName)
        )
    }

    private mutating func readHeader(_ cells: [String], line: Int) throws {
        var seen: Set<String> = []
        for name in cells where !seen.insert(name).inserted {
            throw CatalogError(.duplicateColumn, "column '\(name)' appears twice in the header", context: .init(line: line, key: name))
        }
        guard seen.contains(options.identifierColumn) else {
            throw CatalogError(
                .missingIdentifierColumn,
                "no '\(options.identifierColumn)' column in the header (found: \(cells.prefix(8).joined(separator: ", "))); set identifier_column or the delimiter in the config if this export uses others",
                context: .init(line: line, key: options.identifierColumn)
            )
        }
        roles = cells.map(role(of:))
        identifierIndex = cells.firstIndex(of: options.identifierColumn)
        let types = options.attributeTypes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: ",")
        let settings = "akeneo-csv/\(AkeneoCSVReader.mappingVersion)\u{1F}\(options.delimiter)\u{1F}\(options.identifierColumn)\u{1F}\(options.channel)\u{1F}\(types)\u{1F}\(cells.joined(separator: "\u{1F}"))"
        headerDigest = ContentHash(of: Data(settings.utf8)).bytes
        header = cells
    }

    private func role(of name: String) -> ColumnRole {
        switch name {
        case options.identifierColumn: return .identifier
        case "family": return .family
        case "categories": return .categories
        case "enabled": return .enabled
        case "groups", "parent": return .ignored
        default: break
        }
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let code = parts[0]
        switch parts.count {
        case 1:
            return .text(code: code)
        case 2:
            if parts[1] == "unit" { return .unit(code: code) }
            if let locale = LocaleCode(parts[1]), parts[1].contains("_") { return .localized(code: code, locale: locale) }
            if parts[1].count == 3, parts[1].allSatisfy({ $0.isASCII && $0.isUppercase }) { return .price(code: code, currency: parts[1]) }
            return parts[1] == options.channel ? .text(code: code) : .ignored
        case 3:
            guard parts[2] == options.channel, let locale = LocaleCode(parts[1]) else { return .ignored }
            return .localized(code: code, locale: locale)
        default:
            return .ignored
        }
    }

    private func makeProduct(_ record: CSVTokenizer.Record) throws -> Product {
        let line = record.line
        var sku: SKU?
        var family: String?
        var enabled = true
        var categories: [String] = []
        var attributes: [String: AttributeValue] = [:]
        var localized: [String: [LocaleCode: String]] = [:]
        var prices: [String: [Money]] = [:]
        var units: [String: String] = [:]
        var textOrMetric: [String: (value: String, column: Int)] = [:]

        for index in 0..<record.count {
            let role = roles[index]
            if role == .ignored { continue }
            let field = record.field(index)
            if field.isEmpty && role != .identifier { continue }
            let value = try decodeUTF8(field, line: line, column: index).trimmingASCIIWhitespace()
            if role == .identifier {
                guard let parsed = SKU(value) else {
                    throw CatalogError(.emptySKU, "the '\(options.identifierColumn)' field is empty; every product needs an identifier", context: .init(line: line, column: index + 1, key: options.identifierColumn))
                }
                sku = parsed
                continue
            }
            guard !value.isEmpty else { continue }
            switch role {
            case .identifier, .ignored:
                break
            case .family:
                family = value
            case .categories:
                categories = value.split(separator: ",").map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
            case .enabled:
                guard let flag = Self.boolean(value) else {
                    throw invalid(value, expected: "1 or 0", column: index, line: line)
                }
                enabled = flag
            case .text(let code):
                switch options.attributeTypes[code] {
                case .list:
                    attributes[code] = .normalizedList(value.split(separator: ",").map(String.init))
                case .boolean:
                    guard let flag = Self.boolean(value) else { throw invalid(value, expected: "1 or 0", column: index, line: line) }
                    attributes[code] = .boolean(flag)
                case .media:
                    attributes[code] = .media(value)
                case .number:
                    guard let number = CanonicalDecimal(value) else { throw invalid(value, expected: "a number", column: index, line: line) }
                    attributes[code] = .number(number, unit: nil)
                case .text, nil:
                    textOrMetric[code] = (value, index)
                }
            case .localized(let code, let locale):
                localized[code, default: [:]][locale] = value
            case .price(let code, let currency):
                guard let amount = CanonicalDecimal(value) else {
                    throw invalid(value, expected: "a price such as 19.99", column: index, line: line)
                }
                prices[code, default: []].append(Money(amount: amount, currency: currency))
            case .unit(let code):
                units[code] = value
            }
        }
        // A plain column is a metric when a `code-unit` column accompanies it.
        for (code, entry) in textOrMetric {
            if let unit = units[code] {
                guard let number = CanonicalDecimal(entry.value) else {
                    throw invalid(entry.value, expected: "a number (with unit \(unit))", column: entry.column, line: line)
                }
                attributes[code] = .number(number, unit: unit)
            } else {
                attributes[code] = .text(entry.value)
            }
        }
        for (code, texts) in localized { attributes[code] = .localizedText(texts) }
        for (code, money) in prices { attributes[code] = .price(money.sorted()) }
        guard let sku else {
            throw CatalogError(.emptySKU, "the row has no identifier", context: .init(line: line))
        }
        return Product(sku: sku, family: family, enabled: enabled, categories: categories, attributes: attributes)
    }

    private func invalid(_ value: String, expected: String, column index: Int, line: Int) -> CatalogError {
        let name = header?[index] ?? "#\(index + 1)"
        return CatalogError(.invalidValue, "field '\(name)' is '\(value)'; expected \(expected)", context: .init(line: line, column: index + 1, key: name))
    }

    private static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default: return nil
        }
    }
}
