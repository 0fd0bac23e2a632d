import CatalogCore
import GRDB

/// A row of `generations`: copy as a run, a person or the shop wrote it, under the product
/// version it was written for. Every read of copy selects and decodes it through these
/// columns, from `generations` as `g`.
enum GenerationRecord {
    static let databaseTableName = "generations"

    enum Columns {
        static let id = Column("id")
        static let sku = Column("sku")
        static let locale = Column("locale")
        static let generator = Column("generator")
        static let generatorVersion = Column("generator_version")
        static let productHash = Column("product_hash")
        static let contentHash = Column("content_hash")
        static let title = Column("title")
        static let bodyHTML = Column("body_html")
        static let metaTitle = Column("meta_title")
        static let metaDescription = Column("meta_description")
        static let handle = Column("handle")
        static let createdAt = Column("created_at")
    }

    /// Whether another SKU's copy already has the claim's handle in its locale: handles are
    /// unique per locale. One prepared statement for the transaction's many claims.
    static func handleTaken(_ db: Database) throws -> (HandleClaim) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM generations WHERE locale = ? AND handle = ? AND sku <> ? LIMIT 1")
        return { claim in
            try Row.fetchOne(statement, arguments: [claim.locale.identifier, claim.handle, claim.sku.rawValue]) != nil
        }
    }

    /// The columns `copy(from:)` reads.
    static let copySelection = [
        Columns.sku, Columns.locale, Columns.generator, Columns.generatorVersion, Columns.title, Columns.bodyHTML, Columns.metaTitle, Columns.metaDescription,
    ].map { "g.\($0.name)" }.joined(separator: ", ")

    /// The copy in a row that selected `copySelection`; nil if its SKU or locale no longer parse.
    static func copy(from row: Row) -> GeneratedCopy? {
        guard let sku = SKU(row[Columns.sku]), let locale = LocaleCode(row[Columns.locale]) else { return nil }
        return GeneratedCopy(
            sku: sku, locale: locale, title: row[Columns.title], bodyHTML: row[Columns.bodyHTML],
            metaTitle: row[Columns.metaTitle], metaDescription: row[Columns.metaDescription],
            generator: GeneratorIdentity(name: row[Columns.generator], version: row[Columns.generatorVersion])
        )
    }
}
