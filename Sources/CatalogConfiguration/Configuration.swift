public import CatalogCore
public import CatalogIngest
public import CatalogInventory
public import CatalogPipeline
public import CatalogMagento
import CatalogShopify
public import CatalogPublishing
public import Foundation
public import Logging

/// catalogd's configuration: parsed once at startup into immutable, validated values. Every key
/// has an embedded default, so no file at all is a valid configuration.
public struct Configuration: Sendable {
    public struct Ingest: Hashable, Sendable {
        public var policy: ImportPolicy
        public var rescanInterval: Duration
    }

    /// One language model provider, in failover order. The API key is read from a credential
    /// file at load time and never logged or written anywhere.
    public struct Provider: Sendable {
        public enum Kind: String, Sendable, CaseIterable { case anthropic, openAICompatible = "openai-compatible" }

        public var kind: Kind
        public var model: String
        public var baseURL: String
        public var apiKey: String?
        public var price: ModelPrice
        public var requestsPerMinute: Int?
        public var tokensPerMinute: Int?
        public var timeout: Duration
        public var vision: Bool

        public var label: String { "\(kind.rawValue)/\(model)" }
    }

    public struct Generation: Sendable {
        public var locales: [LocaleCode]
        /// `template`, or `llm`: the providers in order, the template as the last resort.
        public var generator: String
        public var providers: [Provider]
        /// Pipeline runs at once (default: the cores for the template, 16 with providers).
        public var concurrency: Int
        public var budget: CostBudget
        public var confidenceThreshold: Double
        public var groundingConfidence: Double
        public var knownBrands: [String]
        public var personNames: [String]
        /// `[schema]`: types and labels for attributes the PIM sends no schema for (an
        /// imported Akeneo export wins over them), codes never rendered or sent to a model
        /// beyond the built-in supplier, cost, note and stock/price patterns (`*` for a prefix
        /// or suffix), and the identifiers copy may show.
        public var schema: AttributeSchema = .empty
        public var internalAttributes: [String] = []
        public var identifiers: [String] = []
        public var referencesDirectory: URL?
        public var policy: PolicyRules
        public var brandVoice: BrandVoiceProfile
        public var seo: SEOSettings
        /// `[generation.quality]`: week-over-week drift of each generator's evaluator
        /// confidence and review approval rate.
        public var quality: Quality = Quality()
    }

    public struct Quality: Sendable {
        /// A relative drop beyond this is drift (3%).
        public var driftThreshold = 0.03
        /// Roll the active generator back to the previous one when it drifts.
        public var rollback = false
        public var checkInterval: Duration = .seconds(3600)
    }

    public struct Publishing: Sendable {
        /// `manual` (the embedded default), `shopify` or `magento`.
        public var target: String
        public var primaryLocale: LocaleCode
        public var magentoStoreViews: [LocaleCode: String]
        public var retry: RetryPolicy
        /// Per target: this many failed pushes in a row open its circuit for the cool-down.
        public var circuit: CircuitBreaker
        /// How often the shop is asked for products edited or deleted there; nil: never.
        public var driftPollInterval: Duration?
        public var shopify: Shopify?
        public var magento: Magento?
    }

    /// `[publishing.shopify]`: the shop and its Admin API access token (read from a systemd
    /// credential or a file, never from the TOML).
    public struct Shopify: Sendable {
        public var shopURL: String
        public var accessToken: String?
        public var conflictPolicy: ConflictPolicy
        public var createMissing: Bool
        public var manageHandles: Bool
        public var bulkThreshold: Int
        public var timeout: Duration
    }

    /// `[publishing.magento]`: the shop and its credentials (from a systemd credential or a
    /// file, never from the TOML). `credentials` is nil when catalogctl loads without secrets.
    public struct Magento: Sendable {
        public var baseURL: String
        public var credentials: MagentoCredentials?
        public var conflictPolicy: ConflictPolicy
        public var manageURLKeys: Bool
        public var createMissing: Bool
        public var attributeSetID: Int
        public var bulkThreshold: Int
        public var timeout: Duration
    }

    /// `[systemd]`: how the watchdog judges the workers, and how often STATUS= is refreshed.
    public struct Systemd: Sendable {
        /// A worker that has not shown progress for this long is stuck: the watchdog pings
        /// stop and systemd (WatchdogSec=) restarts the daemon. Longer than the rescan
        /// interval plus the longest import.
        public var stuckAfter: Duration = .seconds(600)
        public var statusInterval: Duration = .seconds(10)
    }

    /// `[admin]`: where /metrics, /healthz, /readyz and the review pages listen; nil:
    /// nowhere. With a token every page but the health checks asks for it (required off
    /// loopback).
    public struct Admin: Sendable {
        public var host = "127.0.0.1"
        public var port: Int? = 9464
        public var token: String?
    }

    public var stateDirectory: URL
    /// The installed instance the configuration file stands for (`/etc/catalogd/NAME.toml`);
    /// nil for a file elsewhere or none.
    public var instance: Installation.Instance?
    public var tenant: String
    public var logLevel: Logger.Level
    /// The watched folders; with no `[[watch]]` in the file, one: STATE/inbox, format detected.
    public var watches: [WatchedFolder]
    public var ingest: Ingest
    public var generation: Generation
    public var publishing: Publishing
    public var systemd: Systemd
    public var admin: Admin
    /// `[[inventory]]` feeds to poll, and which stock changes regenerate copy.
    public var inventory: [InventorySource]
    public var stockTriggers: StockTriggers
    /// The triggers copy states stock by: only while feeds keep the stock current.
    public var availabilityTriggers: StockTriggers? { inventory.isEmpty ? nil : stockTriggers }

    public var databasePath: URL { stateDirectory.appendingPathComponent("catalog.sqlite") }
    public var processedDirectory: URL { stateDirectory.appendingPathComponent("processed") }
    public var quarantineDirectory: URL { stateDirectory.appendingPathComponent("quarantine") }
    public var heldDirectory: URL { stateDirectory.appendingPathComponent("held") }
    public var manualQueueDirectory: URL { stateDirectory.appendingPathComponent("manual-queue") }

    public var folderLayout: FolderLayout {
        FolderLayout(processed: processedDirectory, quarantine: quarantineDirectory, held: heldDirectory)
    }

    /// The API versions the configured shop adapters are pinned to.
    public var versionLocks: [VersionLock] {
        var locks: [VersionLock] = []
        if publishing.shopify != nil {
            locks.append(VersionLock(target: "shopify", api: "Shopify Admin GraphQL", version: ShopifyAPI.pinnedVersion, endOfSupport: ShopifyAPI.endOfSupport))
        }
        if publishing.magento != nil {
            locks.append(VersionLock(target: "magento", api: "Magento REST V1", version: MagentoAPI.pinnedVersion, endOfSupport: MagentoAPI.endOfSupport))
        }
        return locks
    }

    public var exportOptions: ManualQueueExport.Options {
        ManualQueueExport.Options(primaryLocale: publishing.primaryLocale, storeViews: publishing.magentoStoreViews)
    }

    /// Where state lives when neither the config nor `--state-dir` says: systemd's
    /// `StateDirectory=` when running as a unit; an installed instance's own directory
    /// (`/var/lib/catalogd/NAME`, what its unit's `StateDirectory=` is) for `catalogctl` in a
    /// shell; else `./.catalogd` for a first run by hand.
    public static func defaultStateDirectory(environment: [String: String], instance: Installation.Instance? = nil) -> URL {
        if let fromSystemd = environment["STATE_DIRECTORY"]?.split(separator: ":").first {
            return URL(fileURLWithPath: String(fromSystemd))
        }
        if let instance { return instance.stateDirectory }
        return URL(fileURLWithPath: ".catalogd", relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
    }

    /// Set by the units to the directory their `LoadCredential=` reads, so an error about a
    /// missing secret says where to put it.
    public static let credentialsSourceVariable = "CATALOGD_CREDENTIALS_SOURCE"
}
