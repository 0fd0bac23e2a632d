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
    /// Watched folders created without the drop group's access, to be logged (`FolderAccess`).
    public let folderNotes: [String]

    public init(configuration: Configuration) throws {
        self.configuration = configuration
        let manager = FileManager.default
        do {
            try configuration.folderLayout.createDirectories()
            try manager.createDirectory(at: configuration.manualQueueDirectory, withIntermediateDirectories: true)
        } catch {
            throw CatalogError(.storage, "cannot create the state folders: \(error.localizedDescription)", context: .init(file: configuration.stateDirectory.path))
        }
        // Each watched folder on its own, so an error names the folder, not the state directory.
        self.folderNotes = try FolderAccess.prepareWatchedFolders(of: configuration)
        self.database = try CatalogDatabase(path: configuration.databasePath.path)
    }

    /// The importer for `folder` (by default the first watched folder, whose settings
    /// `catalogctl import` uses unless told `--source`).
    public func makeImporter(for folder: WatchedFolder? = nil, logger: Logger) -> FileImporter {
        FileImporter(
            store: database.imports,
            folder: folder ?? configuration.watches[0],
            layout: configuration.folderLayout,
            policy: configuration.ingest.policy,
            logger: logger
        )
    }
}
