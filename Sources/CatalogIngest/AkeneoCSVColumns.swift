import CatalogCore
import CatalogParsing
import Foundation

/// How one header cell maps onto the canonical model.
enum ColumnRole: Hashable {
    case identifier, family, categories, enabled, ignored
    case text(code: String)
    case localized(code: String, locale: LocaleCode)
    case price(code: String, currency: String)
    case unit(code: String)
}

/// One field of the current row, as the document needs it.
enum Cell {
    case empty
    /// A range of the record's bytes: valid UTF-8, already trimmed.
    case bytes(Range<Int>)
    /// Trimmed text that is not a plain range (rare: whitespace next to a combining mark).
    case trimmed(String)
    case flag(Bool)
    case number(CanonicalDecimal)

    var isEmpty: Bool {
        switch self {
        case .empty: true
        case .bytes(let range): range.isEmpty
        case .trimmed(let text): text.isEmpty
        case .flag, .number: false
        }
    }

    var flag: Bool? {
        if case .flag(let value) = self { value } else { nil }
    }

    func text(in bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { text(in: $0) }
    }

    func text(in bytes: UnsafeRawBufferPointer) -> String {
        switch self {
        case .empty: ""
        case .bytes(let range): String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .trimmed(let text): text
        case .flag(let value): value ? "1" : "0"
        case .number(let number): number.description
        }
    }

    func withText(in bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        if case .bytes(let range) = self {
            body(UnsafeRawBufferPointer(rebasing: bytes[range]))
        } else {
            var value = self.text(in: bytes)
            value.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
    }
}

/// Which columns can supply each attribute, worked out once from the header, with attributes
/// in the canonical document's key order and locales and currencies in the order they are
/// written.
struct DocumentPlan {
    struct Attribute {
        let code: String
        /// `code` and `code-<channel>` columns.
        var plain: [Int] = []
        /// `code-unit` columns: a plain value beside a unit is a metric.
        var units: [Int] = []
        var localized: [(locale: LocaleCode, columns: [Int])] = []
        var prices: [(currency: String, column: Int)] = []
    }

    private(set) var attributes: [Attribute] = []
    private(set) var family: Int?
    private(set) var categories: Int?
    private(set) var enabled: Int?

    init(roles: [ColumnRole]) {
        var byCode: [String: Attribute] = [:]
        for (column, role) in roles.enumerated() {
            switch role {
            case .identifier, .ignored: break
            case .family: family = column
            case .categories: categories = column
            case .enabled: enabled = column
            case .text(let code): byCode[code, default: Attribute(code: code)].plain.append(column)
            case .unit(let code): byCode[code, default: Attribute(code: code)].units.append(column)
            case .price(let code, let currency): byCode[code, default: Attribute(code: code)].prices.append((currency, column))
            case .localized(let code, let locale):
                var attribute = byCode[code, default: Attribute(code: code)]
                if let index = attribute.localized.firstIndex(where: { $0.locale == locale }) {
                    attribute.localized[index].columns.append(column)
                } else {
                    attribute.localized.append((locale, [column]))
                }
                byCode[code] = attribute
            }
        }
        // A unit column alone makes no attribute, as in the mapping it mirrors.
        attributes = CanonicalJSONWriter.sortedBytewise(byCode.lazy.map { ($0.key, $0.value) }).map { _, attribute in
            var attribute = attribute
            attribute.localized = CanonicalJSONWriter.sortedBytewise(attribute.localized.map { ($0.locale.identifier, $0) }).map(\.1)
            attribute.prices.sort { $0.currency < $1.currency }
            return attribute
        }.filter { !$0.plain.isEmpty || !$0.localized.isEmpty || !$0.prices.isEmpty }
    }
}
