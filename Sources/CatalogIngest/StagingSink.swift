public import CatalogCore
import CatalogParsing
import Dispatch
import Foundation

/// Feeds a reader's records into the store in batches, counting skipped rows and warnings.
///
/// Batches are staged on a second thread while the reader goes on parsing, so reading and
/// (hashing + writing) overlap on a two-core machine; at most two batches wait at a time,
/// which bounds memory.
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

    let batchSize: Int
    let rejectDuplicateSKUs: Bool
    private let stager: BackgroundStager
    private(set) var notes = ImportNotes()
    private(set) var declaredMode: ImportMode?
    private var batch: [ImportRecord] = []
    private let fingerprints: RowFingerprintIndex

    init(store: any ProductStore, id: ImportID, batchSize: Int, rejectDuplicateSKUs: Bool, fingerprints: RowFingerprintIndex) {
        self.stager = BackgroundStager(store: store, id: id)
        self.fingerprints = fingerprints
        self.batchSize = batchSize
        self.rejectDuplicateSKUs = rejectDuplicateSKUs
        batch.reserveCapacity(batchSize)
    }

    mutating func declare(mode: ImportMode) throws {
        declaredMode = mode
    }

    mutating func product(_ product: Product, line: Int, fingerprint: RowFingerprint?) throws {
        try record(product.sku, line: line, .product(product, line: line, fingerprint: fingerprint))
    }

    mutating func document(_ document: CanonicalDocument, line: Int, fingerprint: RowFingerprint?) throws {
        try record(document.sku, line: line, .document(document, line: line, fingerprint: fingerprint))
    }

    func knownFingerprint(of sku: SKU) -> RowFingerprint? {
        fingerprints[sku]
    }

    mutating func unchanged(_ sku: SKU, line: Int) throws {
        try record(sku, line: line, .unchanged(sku, line: line))
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
        batch.append(record)
        if batch.count >= batchSize {
            try stager.submit(batch)
            batch.removeAll(keepingCapacity: true)
            try takeRepeats()
        }
    }

    /// Stages what is left and waits until every batch is recorded.
    mutating func finish() throws {
        if !batch.isEmpty {
            try stager.submit(batch)
            batch.removeAll()
        }
        try stager.finish()
        try takeRepeats()
    }

    /// SKUs the store found staged twice (it checks, so no per-SKU set grows with the file):
    /// a warning each, or the file's rejection when repeats are not allowed.
    private mutating func takeRepeats() throws {
        for repeated in stager.takeRepeats() {
            if rejectDuplicateSKUs {
                throw FileRejected(error: CatalogError(.duplicateSKU, "SKU '\(repeated.sku)' appears again (first on line \(repeated.firstLine)); each product must be listed once", context: .init(line: repeated.line, sku: repeated.sku.rawValue)))
            }
            notes.warn("line \(repeated.line): SKU '\(repeated.sku)' appears again (first on line \(repeated.firstLine)); the later record wins")
        }
    }

    /// Waits for batches in flight without staging more: for a file rejected part-way.
    func abandon() {
        try? stager.finish()
    }
}

/// Stages batches on one serial background queue, in order, and reports the first failure.
private final class BackgroundStager: @unchecked Sendable {
    // @unchecked: `failure` and `repeats` are guarded by `lock`; `store` is Sendable; the queue serialises work.
    private let store: any ProductStore
    private let id: ImportID
    private let queue = DispatchQueue(label: "catalogd.ingest.stage")
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var failure: (any Error)?
    private var repeats: [RepeatedRecord] = []

    init(store: any ProductStore, id: ImportID) {
        self.store = store
        self.id = id
    }

    func submit(_ batch: [ImportRecord]) throws {
        try rethrowFailure()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard lock.withLock({ failure == nil }) else { return }
            do {
                let found = try store.stage(batch, to: id)
                if !found.isEmpty { lock.withLock { repeats += found } }
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    func finish() throws {
        queue.sync {}
        try rethrowFailure()
    }

    func takeRepeats() -> [RepeatedRecord] {
        lock.withLock {
            defer { repeats.removeAll() }
            return repeats
        }
    }

    private func rethrowFailure() throws {
        if let failure = lock.withLock({ failure }) {
            throw StagingSink.StorageFailure(underlying: failure)
        }
    }
}

/// Collects every record in memory: for tests, validation and small feeds.
public struct CollectedRecords: RecordSink {
    public var mode: ImportMode?
    public var products: [Product] = []
    /// The canonical documents of readers that write them directly, decoded into `products`.
    public var documents: [CanonicalDocument] = []
    public var lines: [Int] = []
    public var fingerprints: [RowFingerprint?] = []
    public var unchanged: [SKU] = []
    /// Fingerprints to treat as already imported, to test readers' fast path.
    public var known: [SKU: RowFingerprint] = [:]
    public var deletions: [SKU] = []
    public var rowErrors: [CatalogError] = []

    public init() {}

    public mutating func declare(mode: ImportMode) throws { self.mode = mode }

    public mutating func product(_ product: Product, line: Int, fingerprint: RowFingerprint?) throws {
        products.append(product)
        lines.append(line)
        fingerprints.append(fingerprint)
    }

    public mutating func document(_ document: CanonicalDocument, line: Int, fingerprint: RowFingerprint?) throws {
        documents.append(document)
        try product(try document.product(), line: line, fingerprint: fingerprint)
    }

    public func knownFingerprint(of sku: SKU) -> RowFingerprint? { known[sku] }

    public mutating func unchanged(_ sku: SKU, line: Int) throws { unchanged.append(sku) }

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
