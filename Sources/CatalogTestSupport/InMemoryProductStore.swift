public import CatalogCore
import Foundation

/// A `ProductStore` kept in memory, for testing the ingest lifecycle without SQLite. It keeps
/// the same rules as the real store: one live row per SKU, snapshot removal by source, and an
/// applied import recognised when its file is claimed again.
public final class InMemoryProductStore: ProductStore, @unchecked Sendable {
    // @unchecked: every property is read and written under `lock`.
    private let lock = NSLock()
    private var nextID: Int64 = 1
    private var importFiles: [ImportID: ImportFile] = [:]
    private var summaries: [ImportID: DiffSummary] = [:]
    public private(set) var states: [ImportID: ImportState] = [:]
    public private(set) var quarantineErrors: [ImportID: CatalogError] = [:]
    public private(set) var products: [SKU: (source: String, product: Product)] = [:]
    /// How many times `apply` ran, to prove a recovered import is not applied twice.
    public private(set) var applyCount = 0
    /// When set, `apply` throws it (a full disk, a locked database).
    public var applyFailure: CatalogError?

    public init() {}

    public func claim(_ file: ImportFile) throws -> ImportClaim {
        lock.withLock {
            if let (id, _) = importFiles.first(where: { $0.value.path == file.path && $0.value.sha256 == file.sha256 && [.claimed, .parsing, .applied].contains(states[$0.key]) }) {
                return ImportClaim(id: id, appliedSummary: states[id] == .applied ? summaries[id] : nil)
            }
            let id = ImportID(nextID)
            nextID += 1
            importFiles[id] = file
            states[id] = .claimed
            return ImportClaim(id: id, appliedSummary: nil)
        }
    }

    public func markParsing(_ id: ImportID) throws {
        lock.withLock { states[id] = .parsing }
    }

    public func apply(_ incoming: [Product], to id: ImportID) throws -> DiffSummary {
        try lock.withLock {
            if let applyFailure { throw applyFailure }
            applyCount += 1
            let file = importFiles[id]!
            let stored = products.filter { $0.value.source == file.source }.mapValues { $0.product.contentHash }
            let incomingByID = Dictionary(uniqueKeysWithValues: incoming.map { ($0.sku, $0) })
            let changes = ProductDiff.changes(stored: stored, incoming: incomingByID.mapValues(\.contentHash), mode: file.mode)
            for change in changes {
                switch change.kind {
                case .added, .changed: products[change.sku] = (file.source, incomingByID[change.sku]!)
                case .removed: products[change.sku] = nil
                case .unchanged: break
                }
            }
            let summary = DiffSummary(changes)
            summaries[id] = summary
            states[id] = .applied
            return summary
        }
    }

    public func archive(_ id: ImportID, at path: String) throws {
        lock.withLock { states[id] = .archived }
    }

    public func quarantine(_ id: ImportID, error: CatalogError, at path: String) throws {
        lock.withLock {
            states[id] = .quarantined
            quarantineErrors[id] = error
        }
    }

    /// Forgets that an import finished, as if the process died right after `apply`.
    public func simulateCrashAfterApply(_ id: ImportID) {
        lock.withLock { states[id] = .applied }
    }
}
