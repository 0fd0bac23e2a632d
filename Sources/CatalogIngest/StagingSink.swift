public import CatalogCore

/// Feeds a reader's records into the store in batches, counting skipped rows and warnings.
struct StagingSink: RecordSink {
    /// A failure to record, not a fault of the file: the import is retried, not quarantined.
    struct StorageFailure: Error {
        let underlying: any Error
    }

    /// A fault that rejects the whole file. Not a `CatalogError`, so that readers, which turn
    /// `CatalogError`s into skipped rows, let it through.
    struct FileRejected: Error {
        let error: CatalogError
    }

    let store: any ProductStore
    let id: ImportID
    let batchSize: Int
    let rejectDuplicateSKUs: Bool
    private(set) var notes = ImportNotes()
    private(set) var declaredMode: ImportMode?
    private var batch: [ImportRecord] = []
    private var firstLineBySKU: [SKU: Int] = [:]

    init(store: any ProductStore, id: ImportID, batchSize: Int, rejectDuplicateSKUs: Bool) {
        self.store = store
        self.id = id
        self.batchSize = batchSize
        self.rejectDuplicateSKUs = rejectDuplicateSKUs
        batch.reserveCapacity(batchSize)
    }

    mutating func declare(mode: ImportMode) throws {
        declaredMode = mode
    }

    mutating func product(_ product: Product, line: Int) throws {
        try record(product.sku, line: line, .product(product, line: line))
    }

    mutating func deletion(_ sku: SKU, line: Int) throws {
        try record(sku, line: line, .deletion(sku, line: line))
    }

    mutating func rowError(_ error: CatalogError) throws {
        notes.rows += 1
        notes.skip(error)
    }

    private mutating func record(_ sku: SKU, line: Int, _ record: ImportRecord) throws {
        notes.rows += 1
        if let first = firstLineBySKU[sku] {
            if rejectDuplicateSKUs {
                throw FileRejected(error: CatalogError(.duplicateSKU, "SKU '\(sku)' appears again (first on line \(first)); each product must be listed once", context: .init(line: line, sku: sku.rawValue)))
            }
            notes.warn("line \(line): SKU '\(sku)' appears again (first on line \(first)); the later record wins")
        } else {
            firstLineBySKU[sku] = line
        }
        batch.append(record)
        if batch.count >= batchSize { try flush() }
    }

    mutating func flush() throws {
        guard !batch.isEmpty else { return }
        do {
            try store.stage(batch, to: id)
        } catch {
            throw StorageFailure(underlying: error)
        }
        batch.removeAll(keepingCapacity: true)
    }
}

/// Collects every record in memory: for tests, validation and small feeds.
public struct CollectedRecords: RecordSink {
    public var mode: ImportMode?
    public var products: [Product] = []
    public var lines: [Int] = []
    public var deletions: [SKU] = []
    public var rowErrors: [CatalogError] = []

    public init() {}

    public mutating func declare(mode: ImportMode) throws { self.mode = mode }

    public mutating func product(_ product: Product, line: Int) throws {
        products.append(product)
        lines.append(line)
    }

    public mutating func deletion(_ sku: SKU, line: Int) throws { deletions.append(sku) }

    public mutating func rowError(_ error: CatalogError) throws { rowErrors.append(error) }
}

extension ExportReader {
    /// Reads a whole in-memory export.
    public func readAll(_ data: [UInt8]) throws -> CollectedRecords {
        var source = DataByteSource(Data(data))
        var sink = CollectedRecords()
        try read(&source, into: &sink)
        return sink
    }
}

import struct Foundation.Data
