public import CatalogCore
import Foundation

/// A `ProductStore` kept in memory, for testing the ingest lifecycle without SQLite. It keeps
/// the real store's rules: stage, then diff (a snapshot removes only its own source's
/// products), then apply; a claimed file resumes from its recorded state.
public final class InMemoryProductStore: ProductStore, @unchecked Sendable {
    // @unchecked: every property is read and written under `lock`.
    private let lock = NSLock()
    private var nextID: Int64 = 1
    private var files: [ImportID: ImportFile] = [:]
    private var staged: [ImportID: [SKU: (change: ChangeKind, product: Product?)]] = [:]
    private var stagedLines: [ImportID: [SKU: Int]] = [:]
    private var modes: [ImportID: ImportMode] = [:]
    private var summaries: [ImportID: DiffSummary] = [:]
    private var heldReasons: [ImportID: String] = [:]
    public private(set) var states: [ImportID: ImportState] = [:]
    public private(set) var notes: [ImportID: ImportNotes] = [:]
    public private(set) var quarantineErrors: [ImportID: CatalogError] = [:]
    public private(set) var products: [SKU: (source: String, product: Product)] = [:]
    /// How many times a staged import was applied, to prove a resumed import applies once.
    public private(set) var applyCount = 0
    /// When set, staging throws it (a full disk, a locked database).
    public var stageFailure: CatalogError?

    public init() {}

    public func claim(_ file: ImportFile) throws -> ImportClaim {
        lock.withLock {
            let resumable: Set<ImportState> = [.claimed, .parsing, .staged, .held, .applied]
            if let id = files.first(where: { $0.value.path == file.path && $0.value.fingerprint == file.fingerprint && resumable.contains(states[$0.key]!) })?.key {
                return ImportClaim(id: id, state: states[id]!, summary: summaries[id], mode: modes[id], heldReason: heldReasons[id])
            }
            let id = ImportID(nextID)
            nextID += 1
            files[id] = file
            states[id] = .claimed
            return ImportClaim(id: id, state: .claimed, summary: nil)
        }
    }

    public func beginStaging(_ id: ImportID) throws {
        lock.withLock {
            staged[id] = [:]
            stagedLines[id] = [:]
            states[id] = .parsing
        }
    }

    @discardableResult
    public func stage(_ records: [ImportRecord], to id: ImportID) throws -> [RepeatedRecord] {
        try lock.withLock {
            if let stageFailure { throw stageFailure }
            var repeats: [RepeatedRecord] = []
            func stage(_ product: Product) {
                let stored = products[product.sku]?.product
                let change: ChangeKind = stored == nil ? .added : (stored!.contentHash == product.contentHash ? .unchanged : .changed)
                staged[id, default: [:]][product.sku] = (change, product)
            }
            for record in records {
                if let first = stagedLines[id]?[record.sku] {
                    repeats.append(RepeatedRecord(sku: record.sku, firstLine: first, line: record.line))
                } else {
                    stagedLines[id, default: [:]][record.sku] = record.line
                }
                switch record {
                case .unchanged(let sku, _):
                    staged[id, default: [:]][sku] = (.unchanged, products[sku]?.product)
                case .product(let product, _, _):
                    stage(product)
                case .document(let document, _, _):
                    stage(try document.product())
                case .deletion(let sku, _):
                    if products[sku] != nil { staged[id, default: [:]][sku] = (.removed, nil) }
                }
            }
            return repeats
        }
    }

    public func finishStaging(_ id: ImportID, mode: ImportMode, notes: ImportNotes) throws -> DiffSummary {
        lock.withLock {
            let source = files[id]!.source
            if mode == .snapshot {
                for (sku, entry) in products where entry.source == source && staged[id]?[sku] == nil {
                    staged[id, default: [:]][sku] = (.removed, nil)
                }
            }
            var summary = DiffSummary()
            for entry in staged[id, default: [:]].values { summary.count(entry.change) }
            summaries[id] = summary
            modes[id] = mode
            self.notes[id] = notes
            states[id] = .staged
            return summary
        }
    }

    public func liveProductCount(source: String) throws -> Int {
        lock.withLock { products.values.filter { $0.source == source }.count }
    }

    /// The in-memory store keeps no fingerprints: every record takes the full path.
    public func rowFingerprints(source: String) throws -> RowFingerprintIndex { RowFingerprintIndex() }

    public func hold(_ id: ImportID, reason: String, at path: String) throws {
        lock.withLock {
            states[id] = .held
            heldReasons[id] = reason
        }
    }

    public func applyStaged(_ id: ImportID, policy: RegenerationPolicy) throws -> DiffSummary {
        lock.withLock {
            let source = files[id]!.source
            for (sku, entry) in staged[id, default: [:]] {
                switch entry.change {
                case .added, .changed: products[sku] = (source, entry.product!)
                case .removed: products[sku] = nil
                case .unchanged: break
                }
            }
            staged[id] = nil
            applyCount += 1
            states[id] = .applied
            return summaries[id] ?? DiffSummary()
        }
    }

    public func archive(_ id: ImportID, at path: String) throws {
        lock.withLock { states[id] = .archived }
    }

    public func quarantine(_ id: ImportID, error: CatalogError, at path: String) throws {
        lock.withLock {
            staged[id] = nil
            states[id] = .quarantined
            quarantineErrors[id] = error
        }
    }

    private var schema = AttributeSchema.empty
    /// The merged attribute schema of every schema export imported.
    public var attributeSchema: AttributeSchema { lock.withLock { schema } }

    public func mergeAttributeSchema(_ schema: AttributeSchema) throws {
        lock.withLock { self.schema = self.schema.merging(schema) }
    }

    public func reject(_ id: ImportID, reason: CatalogError, at path: String) throws {
        lock.withLock {
            staged[id] = nil
            states[id] = .rejected
            quarantineErrors[id] = reason
        }
    }

    /// Rewinds an import to "applied but not archived", as if the process died right there.
    public func simulateCrashAfterApply(_ id: ImportID) {
        lock.withLock { states[id] = .applied }
    }
}
