import CatalogCore
import GRDB

/// A row of `generators`: the registry of provider + model + prompt version, and which one
/// leads the route. The copy ledger reads it through these columns.
struct GeneratorRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "generators"

    enum Columns {
        static let name = Column("name")
        static let version = Column("version")
        static let provider = Column("provider")
        static let model = Column("model")
        static let promptVersion = Column("prompt_version")
        static let state = Column("state")
        static let promotedAt = Column("promoted_at")
        static let createdAt = Column("created_at")
    }

    var identity: GeneratorIdentity
    var provider: String
    var model: String
    var promptVersion: String
    var state: String
    var promotedAt: Double?

    init(row: Row) {
        identity = GeneratorIdentity(name: row[Columns.name], version: row[Columns.version])
        provider = row[Columns.provider]
        model = row[Columns.model]
        promptVersion = row[Columns.promptVersion]
        state = row[Columns.state]
        promotedAt = row[Columns.promotedAt]
    }

    /// The generator as `catalogctl generators` lists it, with the copy it has written.
    func registered(generations: Int) -> RegisteredGenerator {
        RegisteredGenerator(
            name: identity.name, version: identity.version, provider: provider, model: model,
            promptVersion: promptVersion, state: state, promotedAt: promotedAt, generations: generations
        )
    }
}
