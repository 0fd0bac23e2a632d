import CatalogCore
public import CatalogParsing
import Foundation

/// Reads an Akeneo CSV product export into canonical products.
///
/// Headers follow Akeneo's conventions: `code`, `code-<locale>`, `code-<scope>`,
/// `code-<locale>-<scope>`, `code-<CUR>` for prices and `code-unit` beside a metric `code`.
/// The whole file is validated before anything is returned, so a bad row never produces a
/// partial import.
///
/// Rows become canonical documents directly, without a `Product`: the header is turned once
/// into a `DocumentPlan`, and each row's fields are written in the order it gives.
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
    public static let mappingVersion = 2

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

private struct Parser {
    let options: AkeneoCSVReader.Options
    var header: [String]?
    var roles: [ColumnRole] = []
    var identifierIndex: Int?
    var headerDigest: [UInt8]?
    var plan = DocumentPlan(roles: [])
    /// The current row's values by column, reused from row to row.
    var cellsInRow: [Cell] = []
    var writer = CanonicalJSONWriter(capacity: 8192)

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
                try sink.document(try makeDocument(record), line: record.line, fingerprint: fingerprint)
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
        // The field boundaries and the bytes between them, hashed in place. Every row that gets
        // here has the header's column count, so the two parts cannot be confused.
        return record.fieldEnds.withUnsafeBytes { ends in
            record.bytes.withUnsafeBytes { RowFingerprint(settings: headerDigest, parts: ends, $0) }
        }
    }

    private func identifier(of record: CSVTokenizer.Record) -> SKU? {
        guard let index = identifierIndex, index < record.count else { return nil }
        return UTF8Text.string(record.field(index)).flatMap(SKU.init)
    }

    private func decodeUTF8(_ bytes: ArraySlice<UInt8>, line: Int, column index: Int) throws -> String {
        if let text = UTF8Text.string(bytes) { return text }
        throw bytes.withUnsafeBytes { invalidUTF8($0, at: UTF8Text.firstInvalidOffset($0) ?? 0, line: line, column: index) }
    }

    /// The error for a field that is not UTF-8, naming its column and the offending byte.
    private func invalidUTF8(_ field: UnsafeRawBufferPointer, at offset: Int, line: Int, column index: Int) -> CatalogError {
        let columnName = header.flatMap { index < $0.count ? $0[index] : nil } ?? "#\(index + 1)"
        return CatalogError(
            .invalidUTF8,
            "field '\(columnName)' is not valid UTF-8 (byte 0x\(String(field[offset], radix: 16, uppercase: true)) at offset \(offset) in the field); re-export the file as UTF-8",
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
        plan = DocumentPlan(roles: roles)
        cellsInRow = Array(repeating: .empty, count: cells.count)
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

    /// The row's canonical document, written straight from the field bytes in the order the
    /// plan gives: no `Product`, no dictionaries. Values are checked in column order first, so
    /// a row with several bad fields reports its leftmost one.
    private mutating func makeDocument(_ record: CSVTokenizer.Record) throws -> CanonicalDocument {
        let line = record.line
        var sku: SKU?
        for index in cellsInRow.indices { cellsInRow[index] = .empty }
        for index in 0..<record.count {
            let role = roles[index]
            if role == .ignored { continue }
            let field = record.field(index)
            if field.isEmpty && role != .identifier { continue }
            let cell = try field.withUnsafeBytes { try trimmedCell($0, start: field.startIndex, line: line, column: index) }
            if role == .identifier {
                guard let parsed = SKU(cell.text(in: record.bytes)) else {
                    throw CatalogError(.emptySKU, "the '\(options.identifierColumn)' field is empty; every product needs an identifier", context: .init(line: line, column: index + 1, key: options.identifierColumn))
                }
                sku = parsed
                continue
            }
            if cell.isEmpty { continue }
            switch role {
            case .identifier, .ignored:
                break
            case .family, .categories, .localized, .unit:
                cellsInRow[index] = cell
            case .enabled:
                let value = cell.text(in: record.bytes)
                guard let flag = Self.boolean(value) else { throw invalid(value, expected: "1 or 0", column: index, line: line) }
                cellsInRow[index] = .flag(flag)
            case .text(let code):
                switch options.attributeTypes[code] {
                case .boolean:
                    let value = cell.text(in: record.bytes)
                    guard let flag = Self.boolean(value) else { throw invalid(value, expected: "1 or 0", column: index, line: line) }
                    cellsInRow[index] = .flag(flag)
                case .number:
                    let value = cell.text(in: record.bytes)
                    guard let number = CanonicalDecimal(value) else { throw invalid(value, expected: "a number", column: index, line: line) }
                    cellsInRow[index] = .number(number)
                case .list, .media, .text, nil:
                    cellsInRow[index] = cell
                }
            case .price:
                let value = cell.text(in: record.bytes)
                guard let amount = CanonicalDecimal(value) else { throw invalid(value, expected: "a price such as 19.99", column: index, line: line) }
                cellsInRow[index] = .number(amount)
            }
        }
        guard let sku else {
            throw CatalogError(.emptySKU, "the row has no identifier", context: .init(line: line))
        }
        writer.reset()
        writer.beginDocument()
        try record.bytes.withUnsafeBytes { bytes in
            for attribute in plan.attributes {
                try write(attribute, bytes, line: line)
            }
        }
        var categories: [String] = []
        if let column = plan.categories, !cellsInRow[column].isEmpty {
            categories = cellsInRow[column].text(in: record.bytes).split(separator: ",").map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        }
        let enabled = plan.enabled.flatMap { cellsInRow[$0].flag } ?? true
        let family = plan.family.flatMap { cellsInRow[$0].isEmpty ? nil : cellsInRow[$0].text(in: record.bytes) }
        writer.endDocument(categories: Array(Set(categories)).sorted(), enabled: enabled, family: family, sku: sku)
        return CanonicalDocument(sku: sku, json: writer.finishedDocument)
    }

    /// One attribute's value, as the dictionary-building mapping decided it: a price column
    /// beats a localized one, which beats a plain one; among columns of the same kind the
    /// rightmost non-empty one wins; a plain value with a unit is a metric.
    private mutating func write(_ attribute: DocumentPlan.Attribute, _ bytes: UnsafeRawBufferPointer, line: Int) throws {
        let code = attribute.code
        let plain = attribute.plain.last { !cellsInRow[$0].isEmpty }
        let declared = options.attributeTypes[code]
        var unit: String?
        if declared == nil || declared == .text, let plain, let unitColumn = attribute.units.last(where: { !cellsInRow[$0].isEmpty }) {
            let value = cellsInRow[plain].text(in: bytes)
            let unitText = cellsInRow[unitColumn].text(in: bytes)
            guard let number = CanonicalDecimal(value) else {
                throw invalid(value, expected: "a number (with unit \(unitText))", column: plain, line: line)
            }
            cellsInRow[plain] = .number(number)
            unit = unitText
        }
        var money: [Money] = []
        for price in attribute.prices {
            if case .number(let amount) = cellsInRow[price.column] { money.append(Money(amount: amount, currency: price.currency)) }
        }
        if !money.isEmpty {
            writer.attribute(code, .price(money))
            return
        }
        if attribute.localized.contains(where: { entry in entry.columns.contains { !cellsInRow[$0].isEmpty } }) {
            writer.beginLocalizedText(code)
            for entry in attribute.localized {
                guard let column = entry.columns.last(where: { !cellsInRow[$0].isEmpty }) else { continue }
                cellsInRow[column].withText(in: bytes) { writer.localizedEntry(entry.locale, text: $0) }
            }
            writer.endLocalizedText()
            return
        }
        guard let plain else { return }
        let cell = cellsInRow[plain]
        switch declared {
        case .list:
            writer.attribute(code, .normalizedList(cell.text(in: bytes).split(separator: ",").map(String.init)))
        case .boolean:
            writer.attribute(code, .boolean(cell.flag ?? false))
        case .number:
            if case .number(let number) = cell { writer.attribute(code, .number(number, unit: nil)) }
        case .media:
            cell.withText(in: bytes) { writer.textAttribute(code, media: true, text: $0) }
        case .text, nil:
            if case .number(let number) = cell {
                writer.attribute(code, .number(number, unit: unit))
            } else {
                cell.withText(in: bytes) { writer.textAttribute(code, text: $0) }
            }
        }
    }

    /// A field's value without surrounding ASCII whitespace, after checking it is UTF-8.
    /// Usually a range of the record's bytes; trimming that needs care with combining marks
    /// (a space before U+0301 is part of a character) goes through `String`, as `SKU` does.
    private func trimmedCell(_ field: UnsafeRawBufferPointer, start: Int, line: Int, column index: Int) throws -> Cell {
        if let offset = UTF8Text.firstInvalidOffset(field) {
            throw invalidUTF8(field, at: offset, line: line, column: index)
        }
        guard let first = field.first, let last = field.last else { return .bytes(start..<start) }
        if !first.isASCIIWhitespace && !last.isASCIIWhitespace { return .bytes(start..<(start + field.count)) }
        return .trimmed(String(decoding: field, as: UTF8.self).trimmingASCIIWhitespace())
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
