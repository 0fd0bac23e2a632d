public import CatalogCore
public import Foundation

/// Akeneo's attribute and attribute-option exports, in their CSV and JSON-lines forms: the
/// types and labels the writers use. Dropped in an inbox beside the product exports, they are
/// recognised by their columns or keys, not by name:
///
/// - attributes: `code;type;label-en_US;label-de_DE;…` (CSV) or `{"code", "type", "labels"}`;
/// - options: `attribute;code;sort_order;label-en_US;…` or `{"attribute", "code", "labels"}`.
///
/// The files are small (a catalog has hundreds of attributes and thousands of options), so
/// each is read whole; a bad one is refused whole with the line and the field at fault.
public enum AkeneoSchemaReader {
    public enum Kind: String, Sendable {
        case attributes = "akeneo-attributes"
        case options = "akeneo-attribute-options"
    }

    /// Files bigger than this are not schema exports.
    static let maximumSize = 64 << 20

    /// What a file's first bytes say it is, if a schema export. A product export has its
    /// identifier column or key, which neither schema export has.
    public static func detect(_ prefix: [UInt8], identifierColumn: String, delimiter: UInt8) -> Kind? {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let text = String(decoding: bytes.prefix(8192), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let firstLine = String(text.prefix { $0 != "\n" && $0 != "\r" })
        if firstLine.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: Any], object["identifier"] == nil, object["code"] is String else { return nil }
            if object["attribute"] is String { return .options }
            if object["type"] is String { return .attributes }
            return nil
        }
        let columns = Set(firstLine.split(separator: Character(UnicodeScalar(delimiter)), omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) })
        guard columns.contains("code"), !columns.contains(identifierColumn) else { return nil }
        if columns.contains("attribute") { return .options }
        if columns.contains("type") { return .attributes }
        return nil
    }

    /// The schema in `data`, an export of `kind`.
    public static func read(_ data: Data, kind: Kind, delimiter: UInt8) throws -> AttributeSchema {
        guard data.count <= maximumSize else {
            throw CatalogError(.unsupportedFormat, "an attribute export of \(data.count) bytes is larger than the \(maximumSize >> 20) MB catalogd reads")
        }
        let rows = data.first == UInt8(ascii: "{") || data.starts(with: [0xEF, 0xBB, 0xBF, UInt8(ascii: "{")]) ? try jsonLines(data) : try csvRows(data, delimiter: delimiter)
        var schema = AttributeSchema()
        for row in rows {
            guard let code = row.fields["code"], !code.isEmpty else {
                throw CatalogError(.missingField, "line \(row.line): 'code' is missing or empty; every \(kind == .attributes ? "attribute" : "option") needs one", context: .init(line: row.line, key: "code"))
            }
            switch kind {
            case .attributes:
                guard let type = row.fields["type"], !type.isEmpty else {
                    throw CatalogError(.missingField, "line \(row.line): attribute '\(code)' has no 'type' (expected one of Akeneo's, such as pim_catalog_simpleselect)", context: .init(line: row.line, key: "type"))
                }
                schema.attributes[code.lowercased()] = .init(kind: .init(akeneo: type), labels: row.labels)
            case .options:
                guard let attribute = row.fields["attribute"], !attribute.isEmpty else {
                    throw CatalogError(.missingField, "line \(row.line): option '\(code)' names no 'attribute'", context: .init(line: row.line, key: "attribute"))
                }
                schema.options[attribute.lowercased(), default: [:]][code.lowercased()] = row.labels
            }
        }
        return schema
    }

    /// One record: its plain fields, and its labels by language (`label-de_DE` → `de`; the
    /// first label of a language wins, so `de_DE` is not overwritten by `de_CH`).
    struct Row {
        var line: Int
        var fields: [String: String] = [:]
        var labels: [String: String] = [:]

        mutating func label(locale: String, _ text: String) {
            let language = String(locale.prefix { $0 != "_" && $0 != "-" }).lowercased()
            guard !text.isEmpty, !language.isEmpty, labels[language] == nil else { return }
            labels[language] = text
        }
    }

    static func csvRows(_ data: Data, delimiter: UInt8) throws -> [Row] {
        var tokenizer = CSVTokenizer(delimiter: delimiter)
        var header: [String]?
        var rows: [Row] = []
        let emit: (CSVTokenizer.Record) throws -> Void = { record in
            let fields = try (0..<record.count).map { index -> String in
                guard let text = String(validating: record.field(index), as: UTF8.self) else {
                    throw CatalogError(.invalidUTF8, "line \(record.line): field \(index + 1) is not valid UTF-8", context: .init(line: record.line, column: index + 1))
                }
                return text
            }
            guard let columns = header else {
                header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                return
            }
            guard fields.count == columns.count else {
                if fields.count == 1, fields[0].isEmpty { return }  // a blank line
                throw CatalogError(.wrongColumnCount, "line \(record.line): \(fields.count) fields where the header has \(columns.count)", context: .init(line: record.line))
            }
            var row = Row(line: record.line)
            for (column, value) in zip(columns, fields) {
                if column.hasPrefix("label-") { row.label(locale: String(column.dropFirst(6)), value) } else { row.fields[column] = value }
            }
            rows.append(row)
        }
        do {
            try data.withUnsafeBytes { try tokenizer.feed($0, emit: emit) }
            try tokenizer.finish(emit: emit)
        } catch is CSVSyntaxError {
            throw CatalogError(.unterminatedQuote, "a quoted field is never closed; expected Akeneo's CSV with \(Character(UnicodeScalar(delimiter))) between fields")
        }
        return rows
    }

    static func jsonLines(_ data: Data) throws -> [Row] {
        var rows: [Row] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let trimmed = line.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0D }
            guard !trimmed.isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed)) as? [String: Any] else {
                throw CatalogError(.malformedJSON, "line \(number): not a JSON object; expected one attribute or option per line", context: .init(line: number))
            }
            var row = Row(line: number)
            for key in ["code", "type", "attribute"] { if let value = object[key] as? String { row.fields[key] = value } }
            if let labels = object["labels"] as? [String: Any] {
                for (locale, text) in labels.sorted(by: { $0.key < $1.key }) { if let text = text as? String { row.label(locale: locale, text) } }
            }
            rows.append(row)
        }
        return rows
    }
}
