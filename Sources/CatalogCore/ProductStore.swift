/// A file the ingest stage has taken responsibility for.
public struct ImportFile: Hashable, Sendable {
    public var name: String
    /// Where the file was when it was claimed (inbox path, or the operand of `catalogctl import`).
    public var path: String
    /// Size, modification time and inode: cheap to compute before reading, and enough to tell
    /// the same unfinished file after a restart from a new file of the same name.
    public var fingerprint: String
    public var size: Int
    public var source: String
    /// The folder's configured mode; a file may declare its own (BMEcat).
    public var mode: ImportMode

    public init(name: String, path: String, fingerprint: String, size: Int, source: String, mode: ImportMode) {
        self.name = name
        self.path = path
        self.fingerprint = fingerprint
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

/// The lifecycle of one imported file:
/// claimed → parsing → staged → applied → archived, or → quarantined, or → held → (approved:
/// applied → archived | rejected).
public enum ImportState: String, Sendable, Codable, CaseIterable {
    case claimed, parsing, staged, held, applied, archived, quarantined, rejected
}

/// The result of claiming a file: where a previous attempt got to, so a restart continues
/// instead of starting over or applying twice.
public struct ImportClaim: Hashable, Sendable {
    public let id: ImportID
    public let state: ImportState
    /// Known once the file was staged.
    public let summary: DiffSummary?
    /// The mode the file was staged with (a file can declare its own).
    public let mode: ImportMode?
    public let heldReason: String?

    public init(id: ImportID, state: ImportState, summary: DiffSummary?, mode: ImportMode? = nil, heldReason: String? = nil) {
        self.id = id
        self.state = state
        self.summary = summary
        self.mode = mode
        self.heldReason = heldReason
    }
}

/// One record read from an export.
public enum ImportRecord: Hashable, Sendable {
    /// `fingerprint` identifies the raw record (format settings, header and row bytes), so a
    /// later import of the same bytes can skip building the product at all.
    case product(Product, line: Int, fingerprint: RowFingerprint? = nil)
    /// A product a reader wrote straight into its canonical JSON (see `CanonicalDocument`).
    case document(CanonicalDocument, line: Int, fingerprint: RowFingerprint? = nil)
    /// The record's fingerprint matches what the SKU was last imported from: nothing changed.
    case unchanged(SKU, line: Int)
    /// The file asks for this SKU to be removed (a delta's delete).
    case deletion(SKU, line: Int)

    public var sku: SKU {
        switch self {
        case .product(let product, _, _): product.sku
        case .document(let document, _, _): document.sku
        case .unchanged(let sku, _), .deletion(let sku, _): sku
        }
    }

    public var line: Int {
        switch self {
        case .product(_, let line, _), .document(_, let line, _), .unchanged(_, let line), .deletion(_, let line): line
        }
    }
}

/// 64 bits of SHA-256 over a raw export record: enough to tell "the very same row again".
public struct RowFingerprint: Hashable, Sendable {
    public let rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    public init(of bytes: some Sequence<UInt8>) {
        self.init(digest: ContentHash(of: Data(bytes)).bytes)
    }

    /// The fingerprint of a raw record read under `settings` (a digest of the reader's mapping
    /// version and options), hashed in place without copying the record.
    public init(settings: [UInt8], record: UnsafeRawBufferPointer) {
        var hasher = SHA256()
        hasher.update(data: settings)
        hasher.update(bufferPointer: record)
        self.init(digest: Array(hasher.finalize()))
    }

    /// The fingerprint of a record given as its field boundaries and its bytes, hashed in place.
    public init(settings: [UInt8], parts boundaries: UnsafeRawBufferPointer, _ record: UnsafeRawBufferPointer) {
        var hasher = SHA256()
        hasher.update(data: settings)
        hasher.update(bufferPointer: boundaries)
        hasher.update(bufferPointer: record)
        self.init(digest: Array(hasher.finalize()))
    }

    /// Builds a fingerprint from a record's parts as a streaming reader meets them (BMEcat's
    /// elements and texts), so the record never has to be held as raw bytes.
    public struct Builder {
        // Parts are collected and hashed once: a SHA-256 update per XML node costs more than
        // parsing the node.
        private var bytes: [UInt8]

        public init(settings: [UInt8]) {
            bytes = settings
            bytes.reserveCapacity(8192)
        }

        /// Adds one part; parts are length-prefixed, so ("ab", "c") differs from ("a", "bc").
        public mutating func add(_ part: String) {
            var part = part
            part.withUTF8 { utf8 in
                withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: utf8)
            }
        }

        public func finish() -> RowFingerprint {
            RowFingerprint(digest: Array(SHA256.hash(data: bytes)))
        }
    }

    private init(digest: [UInt8]) {
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        self.rawValue = Int64(bitPattern: value)
    }
}

import struct Foundation.Data
import Crypto

/// A SKU a file lists twice: where it first appeared and where again.
public struct RepeatedRecord: Hashable, Sendable {
    public let sku: SKU
    public let firstLine: Int
    public let line: Int

    public init(sku: SKU, firstLine: Int, line: Int) {
        self.sku = sku
        self.firstLine = firstLine
        self.line = line
    }
}

/// The fingerprints a source's products were last imported from, in 16 bytes per SKU: a
/// million-product catalog must fit the ingest memory budget, which a `[SKU: RowFingerprint]`
/// (three times the size) did not.
public struct RowFingerprintIndex: Sendable {
    private var keys: [UInt64] = []
    private var values: [RowFingerprint] = []

    public init() {}

    public init(_ entries: some Sequence<(SKU, RowFingerprint)>) {
        var builder = Builder()
        for (sku, fingerprint) in entries { builder.add(sku, fingerprint) }
        self = builder.build()
    }

    /// Collects entries as compact pairs, so building the index never holds the SKUs.
    public struct Builder {
        private var pairs: [(key: UInt64, value: RowFingerprint)] = []

        public init() {}

        public mutating func add(_ sku: SKU, _ fingerprint: RowFingerprint) {
            pairs.append((RowFingerprintIndex.key(sku), fingerprint))
        }

        public func build() -> RowFingerprintIndex {
            var index = RowFingerprintIndex()
            let sorted = pairs.sorted { $0.key < $1.key }
            index.keys = sorted.map(\.key)
            index.values = sorted.map(\.value)
            return index
        }
    }

    public var count: Int { keys.count }
    public var fingerprints: [RowFingerprint] { values }

    /// The fingerprint stored for `sku`. Keys are 64-bit hashes of the SKU: a collision would
    /// also need equal 64-bit row fingerprints to matter.
    public subscript(sku: SKU) -> RowFingerprint? {
        let key = Self.key(sku)
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == key ? values[low] : nil
    }

    /// FNV-1a over the SKU's UTF-8: stable, and cheap for a million keys.
    static func key(_ sku: SKU) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sku.rawValue.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// What an operator needs to know about a file beyond the diff: skipped rows and warnings,
/// kept with the import and shown by `catalogctl imports show`.
public struct ImportNotes: Hashable, Sendable, Codable {
    /// Data rows read (products, deletions and skipped rows).
    public var rows = 0
    public var skippedRows = 0
    /// The first skipped rows' errors; `skippedRows` counts all of them.
    public var rowErrors: [CatalogError] = []
    public var warningCount = 0
    public var warnings: [String] = []
    public var format: String?

    public static let keptEntries = 100

    public init() {}

    public mutating func skip(_ error: CatalogError) {
        skippedRows += 1
        if rowErrors.count < Self.keptEntries { rowErrors.append(error) }
    }

    public mutating func warn(_ warning: String) {
        warningCount += 1
        if warnings.count < Self.keptEntries { warnings.append(warning) }
    }
}

/// Which attribute changes call for new copy. A price change is pushed as data; a new
/// material or description means the text may be wrong now.
public struct RegenerationPolicy: Hashable, Sendable {
    public var dataOnlyFields: Set<String>

    public static let defaultDataOnlyFields: Set<String> = [
        "price", "special_price", "cost", "msrp", "quantity", "qty", "stock", "categories", "enabled",
    ]

    public init(dataOnlyFields: Set<String> = RegenerationPolicy.defaultDataOnlyFields) {
        self.dataOnlyFields = dataOnlyFields
    }

    public func needsRegeneration(changedFields: [String]) -> Bool {
        changedFields.contains { !dataOnlyFields.contains($0) }
    }
}

/// The durable side of ingest. A file is staged in batches (each its own transaction), diffed
/// against stored state, and only then applied, again in checkpointed batches, so a crash at
/// any point resumes to exactly the result of an uninterrupted import, and a file rejected
/// part-way applies nothing.
public protocol ProductStore: Sendable {
    func claim(_ file: ImportFile) throws -> ImportClaim
    /// Starts (or restarts after a crash) staging: previously staged rows are discarded.
    func beginStaging(_ id: ImportID) throws
    /// Stages one batch; a SKU staged twice keeps the later record, and each such repeat is
    /// returned so the importer can warn or reject the file.
    func stage(_ records: [ImportRecord], to id: ImportID) throws -> [RepeatedRecord]
    /// Completes the diff (a snapshot's removals included) and records the notes.
    func finishStaging(_ id: ImportID, mode: ImportMode, notes: ImportNotes) throws -> DiffSummary
    /// How many live products `source` has: the base of the mass-deletion guard.
    func liveProductCount(source: String) throws -> Int
    /// The row fingerprints the live products of `source` were last imported from.
    func rowFingerprints(source: String) throws -> RowFingerprintIndex
    /// Parks a staged import for a person to approve or reject.
    func hold(_ id: ImportID, reason: String, at path: String) throws
    /// Applies the staged diff in checkpointed batches: products, field-level history and
    /// generation jobs for changes that affect copy. Resumes where a crash left off.
    func applyStaged(_ id: ImportID, policy: RegenerationPolicy) throws -> DiffSummary
    func archive(_ id: ImportID, at path: String) throws
    /// Discards anything staged and records why the file was refused.
    func quarantine(_ id: ImportID, error: CatalogError, at path: String) throws
    /// A held import a person refused: nothing is applied, the reason is kept.
    func reject(_ id: ImportID, reason: CatalogError, at path: String) throws
    /// Merges an attribute or option export into the stored attribute schema.
    func mergeAttributeSchema(_ schema: AttributeSchema) throws
}
