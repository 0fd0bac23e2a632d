import CatalogCore
import CatalogHTTP
import CatalogPipeline
import CatalogPublishing
@testable import CatalogConfiguration
import CatalogIngest
import CatalogInventory
import CatalogTestSupport
import Foundation
import Testing

@Suite struct ConfigurationTests {
    let directory = TemporaryDirectory()

    func load(_ toml: String, stateDir: String? = nil, environment: [String: String] = [:]) throws -> Configuration {
        let file = try directory.write("catalogd.toml", toml)
        return try Configuration.load(file: file.path, stateDirectoryOverride: stateDir, environment: environment)
    }

    func failure(_ toml: String) -> CatalogError? {
        failure(for: toml, environment: [:])
    }

    func failure(for toml: String, environment: [String: String]) -> CatalogError? {
        do {
            _ = try load(toml, environment: environment)
            return nil
        } catch {
            return error as? CatalogError
        }
    }

    @Test func providersReadTheirKeysFromCredentialsNeverFromTheFile() throws {
        let credentials = directory.path("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try Data("sk-ant-secret\n".utf8).write(to: credentials.appendingPathComponent("anthropic-key"))
        let configuration = try load("""
            [generation]
            generator = "llm"
            locales = ["en", "de"]
            [[generation.provider]]
            kind = "anthropic"
            model = "claude-test"
            api_key_credential = "anthropic-key"
            input_price_per_million = 3
            output_price_per_million = 15
            requests_per_minute = 50
            [[generation.provider]]
            kind = "openai-compatible"
            model = "llama3"
            base_url = "http://127.0.0.1:11434/v1"
            """, environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        let providers = configuration.generation.providers
        #expect(providers.map(\.label) == ["anthropic/claude-test", "openai-compatible/llama3"])
        #expect(providers[0].apiKey == "sk-ant-secret" && providers[1].apiKey == nil)
        #expect(providers[0].price == ModelPrice(inputPerMillion: 3, outputPerMillion: 15))
        #expect(providers[0].requestsPerMinute == 50)
        #expect(configuration.generation.concurrency == 16)
        #expect(!"\(configuration.generation.providers.map(\.label))".contains("secret"))
    }

    @Test func shopifyTargetReadsItsTokenFromACredential() throws {
        let credentials = directory.path("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try Data("shpat_secret\n".utf8).write(to: credentials.appendingPathComponent("shopify-token"))
        let configuration = try load("""
            [publishing]
            target = "shopify"
            [publishing.shopify]
            shop_url = "https://example.myshopify.com"
            access_token_credential = "shopify-token"
            conflict_policy = "keep-shop"
            """, environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        let shopify = try #require(configuration.publishing.shopify)
        #expect(shopify.accessToken == "shpat_secret")
        #expect(shopify.conflictPolicy == .keepShop)
        #expect(configuration.publishing.target == "shopify")

        let missing = try #require(failure("[publishing]\ntarget = \"shopify\""))
        #expect(missing.message.contains("needs a [publishing.shopify] table"))
        let noToken = try #require(failure("[publishing.shopify]\nshop_url = \"https://x.myshopify.com\""))
        #expect(noToken.message.contains("Admin API access token"))
        let tokenFile = try directory.write("token", "shpat_file\n")
        let badPolicy = try #require(failure("[publishing.shopify]\nshop_url = \"https://x.myshopify.com\"\naccess_token_file = \"\(tokenFile.path)\"\nconflict_policy = \"merge\""))
        #expect(badPolicy.context.key == "publishing.shopify.conflict_policy")
    }

    @Test func magentoTargetTakesAnIntegrationTokenOrAnAdminUser() throws {
        let token = try directory.write("magento-token", "integration-secret\n")
        let password = try directory.write("magento-password", "admin-secret\n")
        let integration = try load("""
            [publishing]
            target = "magento"
            [publishing.magento]
            base_url = "https://shop.example.com"
            access_token_file = "\(token.path)"
            manage_url_keys = true
            bulk_threshold = 200
            """)
        let magento = try #require(integration.publishing.magento)
        #expect(magento.credentials == .integrationToken("integration-secret"))
        #expect(magento.manageURLKeys)
        #expect(magento.bulkThreshold == 200)
        let admin = try load("""
            [publishing.magento]
            base_url = "https://shop.example.com"
            admin_username = "catalogd"
            admin_password_file = "\(password.path)"
            """)
        #expect(admin.publishing.magento?.credentials == .admin(username: "catalogd", password: "admin-secret"))

        let none = try #require(failure("[publishing.magento]\nbase_url = \"https://shop.example.com\""))
        #expect(none.message.contains("Magento needs credentials"))
        let both = try #require(failure("[publishing.magento]\nbase_url = \"https://s.example\"\naccess_token_file = \"\(token.path)\"\nadmin_username = \"x\"\nadmin_password_file = \"\(password.path)\""))
        #expect(both.message.contains("not both"))
        let missing = try #require(failure("[publishing]\ntarget = \"magento\""))
        #expect(missing.message.contains("needs a [publishing.magento] table"))
    }

    /// The units load /etc/catalogd/credentials as a directory, which systemd names
    /// `catalogd_FILE`; the configuration names the file.
    @Test func credentialsLoadedFromADirectoryAreFound() throws {
        let credentials = directory.path("loaded-credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try Data("shpat_from_directory\n".utf8).write(to: credentials.appendingPathComponent("catalogd_shopify-token"))
        let configuration = try load("""
            [publishing.shopify]
            shop_url = "https://example.myshopify.com"
            access_token_credential = "shopify-token"
            """, environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(configuration.publishing.shopify?.accessToken == "shpat_from_directory")
    }

    /// catalogctl loads the daemon's file without its credentials: keys are skipped, not errors.
    @Test func catalogctlLoadsProviderConfigurationWithoutTheKeys() throws {
        let file = try directory.write("llm.toml", """
            [generation]
            generator = "llm"
            [[generation.provider]]
            kind = "anthropic"
            model = "claude-test"
            api_key_credential = "anthropic-key"
            """)
        #expect(throws: CatalogError.self) { try Configuration.load(file: file.path, environment: [:]) }
        let configuration = try Configuration.load(file: file.path, environment: [:], secrets: .skip)
        #expect(configuration.generation.providers.map(\.label) == ["anthropic/claude-test"])
        #expect(configuration.generation.providers[0].apiKey == nil)
    }

    @Test func embeddedDefaultsNeedNoFile() throws {
        let configuration = try Configuration.load(file: nil, environment: [:])
        #expect(configuration.stateDirectory.lastPathComponent == ".catalogd")
        #expect(configuration.watches.count == 1)
        #expect(configuration.watches[0].path == configuration.stateDirectory.appendingPathComponent("inbox"))
        #expect(configuration.watches[0].mode == .snapshot)
        #expect(configuration.watches[0].format == nil, "the format is detected per file")
        #expect(configuration.ingest.policy == ImportPolicy())
        #expect(configuration.generation.generator == "template")
        #expect(configuration.generation.locales.map(\.identifier) == ["en", "de", "fr"])
        #expect(configuration.publishing.target == "manual")
        #expect(configuration.publishing.primaryLocale.identifier == "en")
    }

    @Test func systemdStateDirectoryIsTheDefaultUnderAUnit() throws {
        let configuration = try Configuration.load(file: nil, environment: ["STATE_DIRECTORY": "/var/lib/catalogd/shop1"])
        #expect(configuration.stateDirectory.path == "/var/lib/catalogd/shop1")
    }

    /// Issue 26: a tenant's configuration copied from the installed one kept
    /// `state_dir = "/var/lib/catalogd"` and `listen = "127.0.0.1:9464"`, so the second tenant
    /// was refused the state lock and the port. An installed file names its instance.
    @Test func anInstalledFileNamesItsInstanceStateTenantPortAndCredentials() throws {
        let etc = directory.path("etc/catalogd")
        try FileManager.default.createDirectory(at: etc, withIntermediateDirectories: true)
        let installation = Installation(configurationDirectory: etc, stateRoot: directory.path("var/lib/catalogd"))
        let sample = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../samples/catalogd.toml").standardizedFileURL, encoding: .utf8)
        for name in ["catalogd", "shop-eu", "shop-us"] { try sample.write(to: etc.appendingPathComponent("\(name).toml"), atomically: true, encoding: .utf8) }

        let single = try Configuration.load(file: etc.appendingPathComponent("catalogd.toml").path, environment: [:], secrets: .skip, installation: installation)
        let europe = try Configuration.load(file: etc.appendingPathComponent("shop-eu.toml").path, environment: [:], secrets: .skip, installation: installation)
        let america = try Configuration.load(file: etc.appendingPathComponent("shop-us.toml").path, environment: [:], secrets: .skip, installation: installation)
        #expect(single.stateDirectory == installation.stateRoot && single.tenant == "default" && single.admin.port == 9464)
        #expect(europe.stateDirectory == installation.stateRoot.appendingPathComponent("shop-eu") && europe.tenant == "shop-eu")
        #expect(america.stateDirectory.lastPathComponent == "shop-us" && america.tenant == "shop-us")
        let ports = [single, europe, america].compactMap(\.admin.port)
        #expect(Set(ports).count == 3 && ports.dropFirst().allSatisfy { (9465...9999).contains($0) }, "\(ports)")
        #expect(europe.watches[0].path == europe.stateDirectory.appendingPathComponent("inbox"))
        #expect(europe.instance?.credentialsDirectory == etc.appendingPathComponent("credentials.d/shop-eu"))
        #expect(single.instance?.credentialsDirectory == etc.appendingPathComponent("credentials"))
        // Under the unit, systemd's StateDirectory= wins; the file's own keys win over both.
        let underUnit = try Configuration.load(file: etc.appendingPathComponent("shop-eu.toml").path, environment: ["STATE_DIRECTORY": "/var/lib/catalogd/shop-eu"], secrets: .skip, installation: installation)
        #expect(underUnit.stateDirectory.path == "/var/lib/catalogd/shop-eu")
        try "state_dir = \"/srv/eu\"\ntenant = \"europe\"\n[admin]\nlisten = \"127.0.0.1:9600\"\n".write(to: etc.appendingPathComponent("shop-eu.toml"), atomically: true, encoding: .utf8)
        let overridden = try Configuration.load(file: etc.appendingPathComponent("shop-eu.toml").path, environment: [:], secrets: .skip, installation: installation)
        #expect(overridden.stateDirectory.path == "/srv/eu" && overridden.tenant == "europe" && overridden.admin.port == 9600)
        // A file elsewhere keeps the plain defaults.
        #expect(try load("").stateDirectory.lastPathComponent == ".catalogd")
        #expect(!Installation.isTenantName("../x") && !Installation.isTenantName(".hidden") && Installation.isTenantName("shop_eu.2"))
    }

    /// Issue 26: a secret the unit did not load says where to put it, for the unit that failed.
    @Test func aMissingCredentialNamesWhereToPutIt() throws {
        let loaded = directory.path("loaded")
        try FileManager.default.createDirectory(at: loaded, withIntermediateDirectories: true)
        let error = try #require(failure(for: """
            [publishing.shopify]
            shop_url = "https://example.myshopify.com"
            access_token_credential = "shopify-token"
            """, environment: ["CREDENTIALS_DIRECTORY": loaded.path, Configuration.credentialsSourceVariable: "/etc/catalogd/credentials.d/shop-eu"]))
        #expect(error.message.contains("/etc/catalogd/credentials.d/shop-eu/shopify-token"), "\(error.message)")
    }

    @Test func readsEveryKeyAndResolvesPathsAgainstTheFile() throws {
        let configuration = try load("""
            state_dir = "state"
            tenant = "shop1"
            log_level = "debug"
            [ingest]
            mass_deletion_threshold = 0.5
            max_row_error_share = 0
            duplicate_skus = "reject"
            data_only_attributes = ["price"]
            rescan_interval_seconds = 5
            [[watch]]
            path = "/srv/exports"
            source = "akeneo"
            mode = "delta"
            format = "akeneo-csv"
            delimiter = "\t"
            identifier_column = "code"
            channel = "mobile"
            [watch.attribute_types]
            materials = "list"
            [[watch]]
            path = "supplier"
            source = "supplier"
            format = "bmecat"
            feed_locale = "de"
            [watch.locale_map]
            deu = "de_CH"
            [generation]
            locales = ["en_GB", "es"]
            [publishing]
            primary_locale = "en-GB"
            retries = 2
            defer_minutes = 5
            [publishing.magento_store_views]
            es = "spanish"
            """)
        #expect(configuration.stateDirectory == directory.url.appendingPathComponent("state").standardizedFileURL)
        #expect(configuration.tenant == "shop1")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.ingest.policy == ImportPolicy(massDeletionShare: 0.5, maxRowErrorShare: 0, rejectDuplicateSKUs: true, regeneration: RegenerationPolicy(dataOnlyFields: ["price"])))
        #expect(configuration.ingest.rescanInterval == .seconds(5))
        let first = configuration.watches[0]
        #expect(first.path.path == "/srv/exports")
        #expect(first.mode == .delta)
        #expect(first.format == .akeneoCSV)
        #expect(first.csv.delimiter == UInt8(ascii: "\t"))
        #expect(first.csv.identifierColumn == "code")
        #expect(first.csv.channel == "mobile")
        #expect(first.csv.attributeTypes == ["materials": .list])
        let second = configuration.watches[1]
        #expect(second.path == directory.url.appendingPathComponent("supplier").standardizedFileURL)
        #expect(second.source == "supplier")
        #expect(second.format == .bmecat)
        #expect(second.mode == .snapshot)
        #expect(second.feedLocale.identifier == "de")
        #expect(second.localeMap == ["deu": LocaleCode("de-CH")!])
        #expect(configuration.generation.locales.map(\.identifier) == ["en-GB", "es"])
        #expect(configuration.publishing.retry == RetryPolicy(quickRetries: 2, baseDelay: 5, deferInterval: 300, giveUpAfter: 86_400))
        #expect(configuration.publishing.magentoStoreViews == [LocaleCode("es")!: "spanish"])
    }
}
