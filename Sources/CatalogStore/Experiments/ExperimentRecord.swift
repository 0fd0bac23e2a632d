import CatalogCore
import GRDB

/// A row of `experiments`: two generator versions compared on a set of SKUs, and how it
/// ended. The ledger reads experiments through these columns.
struct ExperimentRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "experiments"

    enum Columns {
        static let id = Column("id")
        static let name = Column("name")
        /// Generator labels (`name@version`).
        static let variantA = Column("variant_a")
        static let variantB = Column("variant_b")
        static let state = Column("state")
        static let winner = Column("winner")
        static let createdBy = Column("created_by")
        static let createdAt = Column("created_at")
        static let stoppedAt = Column("stopped_at")
    }

    var id: Int64
    var name: String
    /// Nil when a stored label no longer parses.
    var variants: ExperimentVariants?
    var state: String
    var winner: String?
    var createdBy: String
    var createdAt: Double
    var stoppedAt: Double?

    init(row: Row) {
        id = row[Columns.id]
        name = row[Columns.name]
        variants = Self.variants(row)
        state = row[Columns.state]
        winner = row[Columns.winner]
        createdBy = row[Columns.createdBy]
        createdAt = row[Columns.createdAt]
        stoppedAt = row[Columns.stoppedAt]
    }

    /// The generators of a row that selected `variant_a` and `variant_b`.
    static func variants(_ row: Row) -> ExperimentVariants? {
        guard let a = GeneratorIdentity(label: row[Columns.variantA]), let b = GeneratorIdentity(label: row[Columns.variantB]) else { return nil }
        return ExperimentVariants(a: a, b: b)
    }

    func experiment(skus: [String]) -> Experiment? {
        guard let variants else { return nil }
        return Experiment(
            id: id, name: name, variantA: variants.a, variantB: variants.b, state: state, winner: winner, skus: skus,
            createdBy: createdBy, createdAt: createdAt, stoppedAt: stoppedAt
        )
    }
}
