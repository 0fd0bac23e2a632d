import CatalogCore
import GRDB

/// What every repository shares: the database handle, through which each transaction reports
/// errors an operator can act on, and the injected clock. A repository owns one stage's tables
/// and the rules for changing them; services take the repository they use.
protocol StoreRepository: Sendable {
    var database: CatalogDatabase { get }
}

extension StoreRepository {
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.write(body)
    }

    /// A transaction that blocks its thread: for the import ledger, whose writers run on a
    /// Dispatch thread (`runBlocking`) with transactions too large to hop threads per call.
    func blockingWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write(body)
    }

    func blockingRead<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await database.read(body)
    }

    var nowSeconds: Double { database.nowSeconds }
    var clock: any WallClock { database.clock }
}

extension CatalogDatabase {
    /// Import files, their staged rows and the attribute schema (`ProductStore`).
    public var imports: ImportLedger { ImportLedger(database: self) }
    /// Products as imported: listings, details, history.
    public var catalog: ProductCatalog { ProductCatalog(database: self) }
    /// Generation jobs, pipeline runs and the copy they queue, deferred translations.
    public var generationQueue: GenerationQueue { GenerationQueue(database: self) }
    /// Generators, their quality, costs and run traces.
    public var copyLedger: CopyLedger { CopyLedger(database: self) }
    /// Copy waiting to be pushed to a shop.
    public var outbox: Outbox { Outbox(database: self) }
    /// Copy a person publishes by hand.
    public var manualQueue: ManualQueue { ManualQueue(database: self) }
    /// What drift polling learned about each shop.
    public var shopState: ShopState { ShopState(database: self) }
    /// Copy held for a person's decision.
    public var review: ReviewQueue { ReviewQueue(database: self) }
    /// Stock levels, velocities and the reactions they owe.
    public var stock: StockLedger { StockLedger(database: self) }
    /// A/B experiments and their conversions.
    public var experiments: ExperimentLedger { ExperimentLedger(database: self) }
}
