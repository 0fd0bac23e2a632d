/// Every error catalogd reports to an operator: a stable code to alert and search on, a message
/// that says what was expected, and where it happened.
public struct CatalogError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        // Reading exports
        case fileUnreadable = "file_unreadable"
        case emptyFile = "empty_file"
        case missingIdentifierColumn = "missing_identifier_column"
        case duplicateColumn = "duplicate_column"
        case wrongColumnCount = "wrong_column_count"
        case invalidUTF8 = "invalid_utf8"
        case unterminatedQuote = "unterminated_quote"
        case emptySKU = "empty_sku"
        case duplicateSKU = "duplicate_sku"
        case invalidValue = "invalid_value"
        case unsupportedFormat = "unsupported_format"
        case truncatedFile = "truncated_file"
        case malformedXML = "malformed_xml"
        case forbiddenXML = "forbidden_xml"
        case malformedJSON = "malformed_json"
        case missingField = "missing_field"
        case tooManyRowErrors = "too_many_row_errors"
        case massDeletionHeld = "mass_deletion_held"
        case rejectedByOperator = "rejected_by_operator"
        case diskFull = "disk_full"
        // Configuration
        case configUnreadable = "config_unreadable"
        case configSyntax = "config_syntax"
        case configUnknownKey = "config_unknown_key"
        case configInvalidValue = "config_invalid_value"
        // State and publishing
        case storage = "storage"
        case notFound = "not_found"
        case generationFailed = "generation_failed"
        case publishFailed = "publish_failed"
    }

    /// Where the problem is, as precisely as the reader knows it.
    public struct Context: Hashable, Sendable, Codable {
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var sku: String?
        public var key: String?

        public init(file: String? = nil, line: Int? = nil, column: Int? = nil, sku: String? = nil, key: String? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.sku = sku
            self.key = key
        }
    }

    public let code: Code
    public let message: String
    public var context: Context

    public init(_ code: Code, _ message: String, context: Context = Context()) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// The same error, now knowing which file it came from.
    public func inFile(_ file: String) -> CatalogError {
        var copy = self
        copy.context.file = file
        return copy
    }

    public var description: String {
        var location: [String] = []
        if let file = context.file { location.append(file) }
        if let line = context.line { location.append("line \(line)") }
        if let column = context.column { location.append("column \(column)") }
        if let key = context.key { location.append("key \(key)") }
        if let sku = context.sku { location.append("SKU \(sku)") }
        let prefix = location.isEmpty ? "" : location.joined(separator: ", ") + ": "
        return "\(prefix)\(message) [\(code.rawValue)]"
    }
}
