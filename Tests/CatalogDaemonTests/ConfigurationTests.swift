import CatalogCore
import CatalogDaemon
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
        do {
            _ = try load(toml)
            return nil
        } catch {
            return error as? CatalogError
        }
    }

    @Test func embeddedDefaultsNeedNoFile() throws {
        let configuration = try Configuration.load(file: nil, environment: [:])
        #expect(configuration.stateDirectory.lastPathComponent == ".catalogd")
        #expect(configuration.inbox.path == configuration.stateDirectory.appendingPathComponent("inbox"))
        #expect(configuration.inbox.mode == .snapshot)
        #expect(configuration.generation.generator == "template")
        #expect(configuration.generation.locales.map(\.identifier) == ["en", "de", "fr"])
        #expect(configuration.publishing.target == "manual")
        #expect(configuration.publishing.primaryLocale.identifier == "en")
    }

    @Test func systemdStateDirectoryIsTheDefaultUnderAUnit() throws {
        let configuration = try Configuration.load(file: nil, environment: ["STATE_DIRECTORY": "/var/lib/catalogd/shop1"])
        #expect(configuration.stateDirectory.path == "/var/lib/catalogd/shop1")
    }

    @Test func readsEveryKeyAndResolvesPathsAgainstTheFile() throws {
        let configuration = try load("""
            state_dir = "state"
            tenant = "shop1"
            log_level = "debug"
            [inbox]
            path = "/srv/exports"
            source = "supplier"
            mode = "delta"
            delimiter = "\\t"
            identifier_column = "code"
            channel = "mobile"
            rescan_interval_seconds = 5
            [inbox.attribute_types]
            materials = "list"
            [generation]
            locales = ["en_GB", "es"]
            [publishing]
            primary_locale = "en-GB"
            max_attempts = 3
            [publishing.magento_store_views]
            es = "spanish"
            """)
        #expect(configuration.stateDirectory == directory.url.appendingPathComponent("state").standardizedFileURL)
        #expect(configuration.tenant == "shop1")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.inbox.path.path == "/srv/exports")
        #expect(configuration.inbox.mode == .delta)
        #expect(configuration.inbox.csv.delimiter == UInt8(ascii: "\t"))
        #expect(configuration.inbox.csv.identifierColumn == "code")
        #expect(configuration.inbox.csv.channel == "mobile")
        #expect(configuration.inbox.csv.attributeTypes == ["materials": .list])
        #expect(configuration.inbox.rescanInterval == .seconds(5))
        #expect(configuration.generation.locales.map(\.identifier) == ["en-GB", "es"])
        #expect(configuration.publishing.maxAttempts == 3)
        #expect(configuration.publishing.magentoStoreViews == [LocaleCode("es")!: "spanish"])
    }

    @Test func stateDirFlagOverridesTheFile() throws {
        #expect(try load("state_dir = \"/a\"", stateDir: "/b").stateDirectory.path == "/b")
    }

    @Test func unknownKeysAreErrorsNamingKeyAndFile() throws {
        let error = try #require(failure("[inbox]\nmdoe = \"delta\""))
        #expect(error.code == .configUnknownKey)
        #expect(error.context.key == "inbox.mdoe")
        #expect(error.context.file?.hasSuffix("catalogd.toml") == true)
        #expect(failure("colour = 1")?.context.key == "colour")
    }

    @Test(arguments: [
        ("log_level = \"loud\"", "log_level"),
        ("[inbox]\nmode = \"sometimes\"", "inbox.mode"),
        ("[inbox]\ndelimiter = \";;\"", "inbox.delimiter"),
        ("[inbox]\nrescan_interval_seconds = 0", "inbox.rescan_interval_seconds"),
        ("[inbox]\nsource = 3", "inbox.source"),
        ("[inbox.attribute_types]\nwaterproof = \"yesno\"", "inbox.attribute_types.waterproof"),
        ("[generation]\nlocales = [\"en\", \"xx_YYY\"]", "generation.locales"),
        ("[generation]\nlocales = [\"ja\"]", "generation.locales"),
        ("[generation]\nlocales = []", "generation.locales"),
        ("[generation]\ngenerator = \"anthropic\"", "generation.generator"),
        ("[publishing]\ntarget = \"shopify\"", "publishing.target"),
        ("[publishing]\nprimary_locale = \"it\"", "publishing.primary_locale"),
    ])
    func invalidValuesNameTheirKey(toml: String, key: String) throws {
        let error = try #require(failure(toml))
        #expect(error.code == .configInvalidValue)
        #expect(error.context.key == key)
    }

    @Test func syntaxErrorsCarryTheLine() throws {
        let error = try #require(failure("tenant = \"a\"\n[inbox\n"))
        #expect(error.code == .configSyntax)
        #expect(error.context.line == 2)
    }

    @Test func theSampleConfigurationIsValid() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../samples/catalogd.toml").standardizedFileURL
        let configuration = try Configuration.load(file: sample.path, environment: [:])
        #expect(configuration.generation.locales.count == 3)
    }
}
