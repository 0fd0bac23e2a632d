public import CatalogConfiguration
public import CatalogCore
import CatalogHTTP
public import CatalogStore

/// `catalogctl push --dry-run`: what the configured target would do with the copy waiting in
/// the outbox, read from the shop, with nothing written.
public enum PushPreview {
    public static func run(configuration: Configuration, database: CatalogDatabase, skus: [SKU]?) async throws -> [PublishPreview] {
        try await AsyncHTTPTransport.using { try await run(configuration: configuration, database: database, skus: skus, transport: $0) }
    }

    static func run(configuration: Configuration, database: CatalogDatabase, skus: [SKU]?, transport: any HTTPTransport) async throws -> [PublishPreview] {
        let name = configuration.publishing.target
        guard let target = configuration.publishing.makeTargets(transport: transport).first(where: { $0.name == name }) as? any PreviewingTarget else {
            throw CatalogError(.configInvalidValue, "target '\(name)' cannot be previewed (are its credentials readable by this user?)")
        }
        var previews: [PublishPreview] = []
        for item in try await database.outbox.waitingItems(target: name, skus: skus) {
            previews += try await target.preview(item)
        }
        return previews
    }
}
