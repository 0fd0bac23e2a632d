import CatalogCore
public import CatalogIngest
public import CatalogStore
import Foundation
public import Logging

/// What both executables build from a configuration: the state folders, the database and the
/// importer. `catalogctl import` and the watched inbox share one `FileImporter` this way.
public struct CatalogEnvironment: Sendable {
    public let configuration: Configuration
    public let database: CatalogDatabase

    public init(configuration: Configuration) throws {
        self.configuration = configuration
        let manager = FileManager.default
        do {
            try configuration.folderLayout.createDirectories()
            try manager.createDirectory(at: configuration.manualQueueDirectory, withIntermediateDirectories: true)
        } catch {
            throw CatalogError(.storage, "cannot create the state folders: \(error.localizedDescription)", context: .init(file: configuration.stateDirectory.path))
        }
        self.database = try CatalogDatabase(path: configuration.databasePath.path)
    }

    public func makeImporter(logger: Logger) -> FileImporter {
        FileImporter(
            store: database,
            reader: AkeneoCSVReader(options: configuration.inbox.csv),
            source: configuration.inbox.source,
            mode: configuration.inbox.mode,
            layout: configuration.folderLayout,
            logger: logger
        )
    }
}
