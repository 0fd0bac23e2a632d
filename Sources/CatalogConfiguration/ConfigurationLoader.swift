import CatalogCore
import CatalogIngest
import CatalogInventory
import CatalogPublishing
import CatalogPipeline
public import Foundation
import Logging
import TOMLKit

extension Configuration {
    /// Whether loading reads secrets such as provider API keys.
    public enum Secrets: Sendable { case read, skip }

    /// Loads and validates the configuration. Unknown keys and invalid values are errors that
    /// name the key and the file, so a typo fails `catalogd --check-config`, not production.
    ///
    /// - Parameters:
    ///   - file: a TOML file, or nil for the embedded defaults.
    ///   - stateDirectoryOverride: `--state-dir`, which wins over the file's `state_dir`.
    ///   - secrets: whether provider keys are read (the daemon) or left out (`catalogctl`, which
    ///     never calls a provider and usually runs without the daemon's credentials).
    ///   - installation: where an installed catalogd keeps configurations and state; a file
    ///     there names its instance, whose state directory, tenant and admin port are the
    ///     defaults (see `Installation`).
    public static func load(file: String?, stateDirectoryOverride: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, secrets: Secrets = .read, installation: Installation = .packaged) throws -> Configuration {
        let instance = file.flatMap(installation.instance(configurationFile:))
        var environment = environment
        // Where a missing secret should be put, for the error that says so.
        if environment[Self.credentialsSourceVariable] == nil, let instance {
            environment[Self.credentialsSourceVariable] = instance.credentialsDirectory.path
        }
        let fileName = file ?? "<embedded defaults>"
        let table: TOMLTable
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CatalogError(.configUnreadable, "cannot read the configuration file: \(error.localizedDescription)", context: .init(file: file))
            }
            do {
                table = try TOMLTable(string: text)
            } catch let error as TOMLParseError {
                throw CatalogError(.configSyntax, "invalid TOML: \(error.description)", context: .init(file: file, line: error.source.begin.line, column: error.source.begin.column))
            }
        } else {
            table = TOMLTable()
        }
        let root = ConfigTable(table, path: "", file: fileName)
        let baseDirectory = file.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }

        func resolve(_ path: String) -> URL {
            URL(fileURLWithPath: path, relativeTo: baseDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        }

        let stateDirectoryInFile = try root.string("state_dir").map(resolve)
        let stateDirectory = stateDirectoryOverride.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? stateDirectoryInFile
            ?? defaultStateDirectory(environment: environment, instance: instance)
        let tenant = try root.string("tenant") ?? instance?.tenant ?? "default"
        let logLevelName = try root.string("log_level") ?? "info"
        guard let logLevel = Logger.Level(rawValue: logLevelName) else {
            throw root.invalid("log_level", "'\(logLevelName)' is not a log level; use one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        let ingestTable = try root.table("ingest")
        let duplicates = try ingestTable.string("duplicate_skus") ?? "last-wins"
        guard ["last-wins", "reject"].contains(duplicates) else {
            throw ingestTable.invalid("duplicate_skus", "'\(duplicates)' is not one of last-wins, reject")
        }
        let ingest = try Ingest(
            policy: ImportPolicy(
                massDeletionShare: ingestTable.share("mass_deletion_threshold") ?? 0.2,
                maxRowErrorShare: ingestTable.share("max_row_error_share") ?? 0.01,
                rejectDuplicateSKUs: duplicates == "reject",
                regeneration: RegenerationPolicy(dataOnlyFields: Set(ingestTable.stringArray("data_only_attributes") ?? Array(RegenerationPolicy.defaultDataOnlyFields)))
            ),
            rescanInterval: .seconds(ingestTable.integer("rescan_interval_seconds", in: 1...86_400) ?? 30)
        )
        try ingestTable.rejectUnknownKeys()

        var watches: [WatchedFolder] = []
        let watchTables = try root.tables("watch")
        for (index, table) in (watchTables.isEmpty ? [ConfigTable(TOMLTable(), path: "watch[0]", file: fileName)] : watchTables).enumerated() {
            let defaultPath = index == 0 ? stateDirectory.appendingPathComponent("inbox") : nil
            guard let path = try table.string("path").map(resolve) ?? defaultPath else {
                throw table.invalid("path", "every [[watch]] after the first needs a path")
            }
            let formatName = try table.string("format") ?? "auto"
            guard formatName == "auto" || ExportFormat(rawValue: formatName) != nil else {
                throw table.invalid("format", "'\(formatName)' is not one of auto, \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var localeMap: [String: LocaleCode] = [:]
            let localeTable = try table.table("locale_map")
            for key in localeTable.keys {
                localeMap[key] = try localeTable.locale(key)
            }
            let folder = try WatchedFolder(
                path: path,
                source: table.string("source") ?? "akeneo",
                format: ExportFormat(rawValue: formatName),
                mode: table.enumeration("mode", default: .snapshot),
                csv: AkeneoCSVReader.Options(
                    delimiter: table.delimiter("delimiter", default: ";"),
                    identifierColumn: table.string("identifier_column") ?? "sku",
                    channel: table.string("channel") ?? "ecommerce",
                    attributeTypes: table.table("attribute_types").enumerationMap()
                ),
                localeMap: localeMap,
                feedLocale: table.locale("feed_locale") ?? LocaleCode("en")!
            )
            try table.rejectUnknownKeys()
            if watches.contains(where: { $0.path == folder.path }) {
                throw table.invalid("path", "\(folder.path.path) is watched twice")
            }
            watches.append(folder)
        }

        var generation = try Generation(try root.table("generation"), resolve: resolve, environment: environment, secrets: secrets)
        try generation.readSchema(try root.table("schema"))
        let locales = generation.locales

        let publishingTable = try root.table("publishing")
        let target = try publishingTable.string("target") ?? "manual"
        guard ["manual", "shopify", "magento"].contains(target) else {
            throw publishingTable.invalid("target", "'\(target)' is not a publishing target; use \"manual\", \"shopify\" or \"magento\"")
        }
        let shopifyTable = try publishingTable.table("shopify")
        let shopify = shopifyTable.keys.isEmpty ? nil : try Shopify(shopifyTable, resolve: resolve, environment: environment, secrets: secrets)
        if target == "shopify", shopify == nil {
            throw publishingTable.invalid("target", "target \"shopify\" needs a [publishing.shopify] table with shop_url and access_token_credential")
        }
        let magentoTable = try publishingTable.table("magento")
        let magento = magentoTable.keys.isEmpty ? nil : try Magento(magentoTable, resolve: resolve, environment: environment, secrets: secrets)
        if target == "magento", magento == nil {
            throw publishingTable.invalid("target", "target \"magento\" needs a [publishing.magento] table with base_url and credentials")
        }
        let primaryLocale = try publishingTable.locale("primary_locale") ?? locales[0]
        guard locales.contains(primaryLocale) else {
            throw publishingTable.invalid("primary_locale", "'\(primaryLocale)' is not one of generation.locales (\(locales.map(\.identifier).joined(separator: ", ")))")
        }
        let storeViewTable = try publishingTable.table("magento_store_views")
        var storeViews: [LocaleCode: String] = [:]
        for key in storeViewTable.keys {
            guard let locale = LocaleCode(key) else { throw storeViewTable.invalid(key, "'\(key)' is not a locale such as de or de_CH") }
            storeViews[locale] = try storeViewTable.string(key)
        }
        let driftSeconds = try publishingTable.number("drift_poll_seconds", in: 0...86_400) ?? 300
        let publishing = Publishing(
            target: target, primaryLocale: primaryLocale, magentoStoreViews: storeViews,
            retry: RetryPolicy(
                quickRetries: try publishingTable.integer("retries", in: 0...20) ?? 3,
                baseDelay: try publishingTable.number("retry_base_seconds", in: 0.1...3600) ?? 5,
                deferInterval: 60 * (try publishingTable.number("defer_minutes", in: 1...1440) ?? 15),
                giveUpAfter: 3600 * (try publishingTable.number("give_up_after_hours", in: 0.1...720) ?? 24)
            ),
            circuit: CircuitBreaker(
                failureThreshold: try publishingTable.integer("circuit_failures", in: 1...1000) ?? 5,
                coolDown: try publishingTable.number("circuit_cooldown_seconds", in: 0.1...3600) ?? 60
            ),
            driftPollInterval: driftSeconds == 0 ? nil : .milliseconds(Int(driftSeconds * 1000)),
            shopify: shopify,
            magento: magento
        )
        try publishingTable.rejectUnknownKeys()
        let systemdTable = try root.table("systemd")
        var systemd = Systemd()
        if let seconds = try systemdTable.number("stuck_after_seconds", in: 10...86_400) { systemd.stuckAfter = .milliseconds(Int(seconds * 1000)) }
        if let seconds = try systemdTable.number("status_interval_seconds", in: 1...3600) { systemd.statusInterval = .milliseconds(Int(seconds * 1000)) }
        try systemdTable.rejectUnknownKeys()
        let adminTable = try root.table("admin")
        var admin = Admin()
        admin.port = instance?.adminPort ?? admin.port
        _ = try adminTable.boolean("allow_remote")  // accepted for old files; a token is what opens a non-loopback bind now
        let token = try adminTable.secret("token", resolve: resolve, environment: environment, secrets: secrets)
        admin.token = token.value.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let listen = try adminTable.string("listen") {
            if listen == "off" {
                admin.port = nil
            } else {
                let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let port = Int(parts[1]), (0...65_535).contains(port), !parts[0].isEmpty else {
                    throw adminTable.invalid("listen", "'\(listen)' is not HOST:PORT (e.g. 127.0.0.1:9464) or \"off\"")
                }
                let host = String(parts[0])
                if !["127.0.0.1", "::1", "localhost"].contains(host), !token.isConfigured {
                    throw adminTable.invalid("listen", "'\(host)' is not loopback; set token_credential (or token_file) so the admin pages ask for a bearer token")
                }
                admin.host = host
                admin.port = port
            }
        }
        try adminTable.rejectUnknownKeys()
        var inventory: [InventorySource] = []
        for (index, table) in try root.tables("inventory").enumerated() {
            let source = try InventorySource(table, index: index, resolve: resolve, environment: environment, secrets: secrets)
            guard !inventory.contains(where: { $0.name == source.name }) else { throw table.invalid("name", "inventory source '\(source.name)' is configured twice") }
            inventory.append(source)
        }
        let stockTriggers = try StockTriggers(try root.table("stock_triggers"))
        try root.rejectUnknownKeys()

        return Configuration(
            stateDirectory: stateDirectory, instance: instance, tenant: tenant, logLevel: logLevel, watches: watches, ingest: ingest,
            generation: generation, publishing: publishing, systemd: systemd, admin: admin,
            inventory: inventory, stockTriggers: stockTriggers
        )
    }
}

/// Reads one TOML table, remembering which keys were read so leftovers can be reported.
final class ConfigTable {
    private let table: TOMLTable
    private let path: String
    private let file: String
    private var read: Set<String> = []

    init(_ table: TOMLTable, path: String, file: String) {
        self.table = table
        self.path = path
        self.file = file
    }

    var keys: [String] { table.keys.sorted() }

    private func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func invalid(_ key: String, _ message: String) -> CatalogError {
        CatalogError(.configInvalidValue, message, context: .init(file: file, key: qualified(key)))
    }

    private func value(_ key: String, expecting type: TOMLType) throws -> (any TOMLValueConvertible)? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        guard value.type == type else { throw invalid(key, "expected a \(type), found a \(value.type)") }
        return value
    }

    func string(_ key: String) throws -> String? {
        try value(key, expecting: .string)?.string
    }

    /// The TOML type of `key`, for settings that take more than one form.
    func type(of key: String) -> TOMLType? {
        table[key]?.type
    }

    func boolean(_ key: String) throws -> Bool? {
        try value(key, expecting: .bool)?.bool
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try value(key, expecting: .int)?.int else { return nil }
        guard range.contains(number) else { throw invalid(key, "\(number) is outside \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    func stringArray(_ key: String) throws -> [String]? {
        guard let array = try value(key, expecting: .array)?.array else { return nil }
        return try array.map { element in
            guard let text = element.string else { throw invalid(key, "expected an array of strings") }
            return text
        }
    }

    func locale(_ key: String) throws -> LocaleCode? {
        guard let raw = try string(key) else { return nil }
        guard let locale = LocaleCode(raw) else { throw invalid(key, "'\(raw)' is not a locale such as en, de or de_CH") }
        return locale
    }

    func locales(_ key: String) throws -> [LocaleCode]? {
        guard let raw = try stringArray(key) else { return nil }
        guard !raw.isEmpty else { throw invalid(key, "at least one locale is required") }
        var seen: Set<LocaleCode> = []
        return try raw.map { text in
            guard let locale = LocaleCode(text) else { throw invalid(key, "'\(text)' is not a locale such as en, de or de_CH") }
            guard seen.insert(locale).inserted else { throw invalid(key, "'\(text)' is listed twice") }
            return locale
        }
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T?) throws -> T where T.RawValue == String {
        guard let raw = try string(key) else {
            guard let fallback else { throw invalid(key, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))") }
            return fallback
        }
        guard let value = T(rawValue: raw) else {
            throw invalid(key, "'\(raw)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func delimiter(_ key: String, default fallback: Character) throws -> UInt8 {
        let raw = try string(key) ?? String(fallback)
        let resolved = raw == "\\t" ? "\t" : raw
        guard resolved.utf8.count == 1, let byte = resolved.utf8.first, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\n") else {
            throw invalid(key, "'\(raw)' must be a single ASCII character other than a quote or newline, such as \";\" or \",\"")
        }
        return byte
    }

    /// A table whose keys are free-form (attribute codes) and whose values come from an enum.
    func enumerationMap<T: RawRepresentable & CaseIterable>() throws -> [String: T] where T.RawValue == String {
        var result: [String: T] = [:]
        for key in keys { result[key] = try enumeration(key, default: nil) }
        return result
    }

    /// A share such as 0.2 (20%), between 0 and 1.
    func share(_ key: String) throws -> Double? {
        guard let number = try numeric(key) else { return nil }
        guard (0...1).contains(number) else { throw invalid(key, "\(number) is not between 0 and 1 (0.2 means 20%)") }
        return number
    }

    /// An integer or a float, as a Double.
    private func numeric(_ key: String) throws -> Double? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        switch value.type {
        case .double: return value.double!
        case .int: return Double(value.int!)
        default: throw invalid(key, "expected a number, found a \(value.type)")
        }
    }

    /// An array of tables (`[[watch]]`).
    func tables(_ key: String) throws -> [ConfigTable] {
        read.insert(key)
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw invalid(key, "expected [[\(key)]] tables") }
        return try array.enumerated().map { index, element in
            guard let nested = element.table else { throw invalid(key, "expected [[\(key)]] tables") }
            return ConfigTable(nested, path: "\(qualified(key))[\(index)]", file: file)
        }
    }

    /// A number, integer or not, within `range`.
    func number(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let number = try numeric(key) else { return nil }
        guard range.contains(number) else { throw invalid(key, "\(number) is outside \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    /// A table of free-form keys with string values (`preferred_words`).
    func stringMap() throws -> [String: String] {
        var result: [String: String] = [:]
        for key in keys { result[key] = try string(key) }
        return result
    }

    func table(_ key: String) throws -> ConfigTable {
        let nested = try value(key, expecting: .table)?.table ?? TOMLTable()
        return ConfigTable(nested, path: qualified(key), file: file)
    }

    func rejectUnknownKeys() throws {
        if let unknown = table.keys.sorted().first(where: { !read.contains($0) }) {
            throw CatalogError(.configUnknownKey, "unknown key; see samples/catalogd.toml for every supported key", context: .init(file: file, key: qualified(unknown)))
        }
    }
}
