public import CatalogCore
public import CatalogIngest
public import CatalogPublishing
public import Foundation
public import Logging

/// catalogd's configuration: parsed once at startup into immutable, validated values. Every key
/// has an embedded default, so no file at all is a valid configuration.
public struct Configuration: Hashable, Sendable {
    public struct Inbox: Hashable, Sendable {
        public var path: URL
        /// Names the PIM the files come from; a snapshot only removes products of its own source.
        public var source: String
        public var mode: ImportMode
        public var csv: AkeneoCSVReader.Options
        public var rescanInterval: Duration
    }

    public struct Generation: Hashable, Sendable {
        public var locales: [LocaleCode]
        public var generator: String
    }

    public struct Publishing: Hashable, Sendable {
        public var target: String
        public var primaryLocale: LocaleCode
        public var magentoStoreViews: [LocaleCode: String]
        public var maxAttempts: Int
    }

    public var stateDirectory: URL
    public var tenant: String
    public var logLevel: Logger.Level
    public var inbox: Inbox
    public var generation: Generation
    public var publishing: Publishing

    public var databasePath: URL { stateDirectory.appendingPathComponent("catalog.sqlite") }
    public var processedDirectory: URL { stateDirectory.appendingPathComponent("processed") }
    public var quarantineDirectory: URL { stateDirectory.appendingPathComponent("quarantine") }
    public var manualQueueDirectory: URL { stateDirectory.appendingPathComponent("manual-queue") }

    public var folderLayout: FolderLayout {
        FolderLayout(inbox: inbox.path, processed: processedDirectory, quarantine: quarantineDirectory)
    }

    public var exportOptions: ManualQueueExport.Options {
        ManualQueueExport.Options(primaryLocale: publishing.primaryLocale, storeViews: publishing.magentoStoreViews)
    }

    /// Where state lives when neither the config nor `--state-dir` says: systemd's
    /// `StateDirectory=` when running as a unit, else `./.catalogd` for a first run by hand.
    public static func defaultStateDirectory(environment: [String: String]) -> URL {
        if let fromSystemd = environment["STATE_DIRECTORY"]?.split(separator: ":").first {
            return URL(fileURLWithPath: String(fromSystemd))
        }
        return URL(fileURLWithPath: ".catalogd", relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
    }
}
