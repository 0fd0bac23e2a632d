/// A file the ingest stage has taken responsibility for.
public struct ImportFile: Hashable, Sendable {
    public var name: String
    /// Where the file was when it was claimed (inbox path, or the operand of `catalogctl import`).
    public var path: String
    /// Hex SHA-256 of the file's bytes: a re-dropped identical file is recognised by it.
    public var sha256: String
    public var size: Int
    public var source: String
    public var mode: ImportMode

    public init(name: String, path: String, sha256: String, size: Int, source: String, mode: ImportMode) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.source = source
        self.mode = mode
    }
}

public struct ImportID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
}

/// The lifecycle of one imported file: claimed → parsing → applied → archived, or → quarantined.
public enum ImportState: String, Sendable, Codable, CaseIterable {
    case claimed, parsing, applied, archived, quarantined
}

/// The result of claiming a file. A file whose diff was already applied before a crash is
/// recognised so it is archived, not applied twice.
public struct ImportClaim: Hashable, Sendable {
    public let id: ImportID
    public let appliedSummary: DiffSummary?

    public init(id: ImportID, appliedSummary: DiffSummary?) {
        self.id = id
        self.appliedSummary = appliedSummary
    }
}

/// The durable side of ingest: every transition of a file and every applied diff is a row
/// before the file is moved, so a crash replays from the last recorded state.
public protocol ProductStore: Sendable {
    func claim(_ file: ImportFile) throws -> ImportClaim
    func markParsing(_ id: ImportID) throws
    /// Diffs `products` against stored state and, in one transaction, writes the changed
    /// products, their history, generation jobs for added and changed SKUs, and the import's
    /// `applied` state.
    func apply(_ products: [Product], to id: ImportID) throws -> DiffSummary
    func archive(_ id: ImportID, at path: String) throws
    func quarantine(_ id: ImportID, error: CatalogError, at path: String) throws
}
