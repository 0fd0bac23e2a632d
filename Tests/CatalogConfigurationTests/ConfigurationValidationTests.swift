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

/// What the loader refuses and overrides: unknown keys, bad values, flags and environment.
extension ConfigurationTests {
    @Test func stateDirFlagOverridesTheFile() throws {
        #expect(try load("state_dir = \"/a\"", stateDir: "/b").stateDirectory.path == "/b")
    }

    @Test func unknownKeysAreErrorsNamingKeyAndFile() throws {
        let error = try #require(failure("[[watch]]\nmdoe = \"delta\""))
        #expect(error.code == .configUnknownKey)
        #expect(error.context.key == "watch[0].mdoe")
        #expect(error.context.file?.hasSuffix("catalogd.toml") == true)
        #expect(failure("colour = 1")?.context.key == "colour")
    }

    @Test(arguments: [
        ("log_level = \"loud\"", "log_level"),
        ("[[watch]]\nmode = \"sometimes\"", "watch[0].mode"),
        ("[[watch]]\ndelimiter = \";;\"", "watch[0].delimiter"),
        ("[[watch]]\nformat = \"xlsx\"", "watch[0].format"),
        ("[[watch]]\nsource = 3", "watch[0].source"),
        ("[[watch]]\n[watch.attribute_types]\nwaterproof = \"yesno\"", "watch[0].attribute_types.waterproof"),
        ("[[watch]]\npath = \"/a\"\n[[watch]]\npath = \"/a\"", "watch[1].path"),
        ("[[watch]]\n[[watch]]\nsource = \"b\"", "watch[1].path"),
        ("[ingest]\nrescan_interval_seconds = 0", "ingest.rescan_interval_seconds"),
        ("[ingest]\nmass_deletion_threshold = 20", "ingest.mass_deletion_threshold"),
        ("[ingest]\nduplicate_skus = \"first-wins\"", "ingest.duplicate_skus"),
        ("[generation]\nlocales = [\"en\", \"xx_YYY\"]", "generation.locales"),
        ("[generation]\nlocales = [\"ko\"]", "generation.locales"),
        ("[generation]\nlocales = []", "generation.locales"),
        ("[generation]\ngenerator = \"anthropic\"", "generation.generator"),
        ("[generation]\ngenerator = \"llm\"", "generation.generator"),
        ("[[generation.provider]]\nkind = \"gemini\"\nmodel = \"m\"", "generation.provider[0].kind"),
        ("[[generation.provider]]\nkind = \"anthropic\"\nmodel = \"m\"", "generation.provider[0].api_key_credential"),
        ("[[generation.provider]]\nkind = \"anthropic\"\nmodel = \"m\"\napi_key_credential = \"k\"", "generation.provider[0].api_key_credential"),
        ("[[generation.provider]]\nkind = \"openai-compatible\"\nmodel = \"m\"\nbase_url = \"ftp://x\"", "generation.provider[0].base_url"),
        ("[generation]\nconfidence_threshold = 70", "generation.confidence_threshold"),
        ("[generation.budget]\nper_sku_target = 0.2\nper_sku_cap = 0.1", "generation.budget.per_sku_target"),
        ("[generation.brand_voice.formality]\nde = \"polite\"", "generation.brand_voice.formality.de"),
        ("[[generation.policy.rule]]\nid = \"x\"\nphrases = [\"y\"]\naction = \"warn\"", "generation.policy.rule[0].action"),
        ("[[generation.policy.rule]]\nid = \"x\"\naction = \"block\"", "generation.policy.rule[0].phrases"),
        ("[publishing]\ntarget = \"shopify\"", "publishing.target"),
        ("[publishing]\nprimary_locale = \"it\"", "publishing.primary_locale"),
        ("[[inventory]]\nurl = \"https://erp/s\"\nfolder = \"/s\"", "inventory[0].folder"),
        ("[[inventory]]\nformat = \"csv\"\nurl = \"https://erp/s\"", "inventory[0].format"),
        ("[stock_triggers]\nout_of_stock = \"shout\"", "stock_triggers.out_of_stock"),
        ("[admin]\nlisten = \"0.0.0.0:9464\"\nallow_remote = true", "admin.listen"),
        ("[stock_triggers.low_stock]\npriority = \"urgent\"", "stock_triggers.low_stock.priority"),
    ])
    func invalidValuesNameTheirKey(toml: String, key: String) throws {
        let error = try #require(failure(toml))
        #expect(error.code == .configInvalidValue)
        #expect(error.context.key == key)
    }

    @Test func inventorySourcesAndTriggerRules() throws {
        let configuration = try load("""
            [[inventory]]
            name = "floor"
            folder = "stock"
            format = "xml"
            [inventory.fields]
            items = "line"
            sku = "@sku"
            [stock_triggers]
            out_of_stock = "regenerate"
            back_in_stock = false
            discontinued = { action = "availability", priority = "manual" }
            low_stock_at = 5
            back_in_stock_days = 2
            """)
        let source = try #require(configuration.inventory.first)
        #expect(source.origin == .folder(directory.path("stock").standardizedFileURL))
        #expect(source.format == .xml)
        #expect(source.interval == .seconds(2), "folders are scanned every 2 s by default")
        #expect(source.mapping.items == "line" && source.mapping.sku == "@sku" && source.mapping.discontinued == "discontinued")
        let triggers = configuration.stockTriggers
        #expect(triggers.outOfStock == .init(action: .regenerate, priority: .inventory))
        #expect(triggers.backInStock.action == .record)
        #expect(triggers.lowStock == .init())
        #expect(triggers.discontinued == .init(action: .availability, priority: .manual))
        #expect(triggers.lowStockAt == 5 && triggers.backInStockFor == 2 * 86_400)
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

    /// One client for the process (an AsyncHTTPClient must be shut down before it goes).
    static let transport = AsyncHTTPTransport()

    /// Issue 25: a [schema] section for PIMs that send no attribute exports.
    @Test func theSchemaSectionGivesTypesLabelsOptionsInternalCodesAndIdentifiers() async throws {
        let configuration = try load("""
            [schema]
            internal = ["warehouse_*"]
            identifiers = ["ean"]
            [schema.attributes.heel_drop]
            type = "metric"
            labels = { en = "Heel drop", de = "Sprengung" }
            [schema.options.color]
            navy = { de = "Marineblau" }
            """)
        let generation = configuration.generation
        #expect(generation.schema.kind(of: "heel_drop") == .metric && generation.schema.label(of: "heel_drop", language: "de") == "Sprengung")
        #expect(generation.schema.optionLabel(attribute: "color", option: "Navy", language: "de") == "Marineblau")
        let product = Product(sku: SKU("C-1")!, attributes: [
            "name": .text("Trail Runner"), "color": .text("Navy"), "heel_drop": .text("8 mm"), "ean": .text("4006381333931"), "warehouse_bin": .text("Aisle 9"),
        ])
        let outcome = try await generation.makePipeline(transport: Self.transport).run(product)
        let german = try #require(outcome.publishable.first { $0.locale.language == "de" })
        #expect(german.bodyHTML.contains("<strong>Sprengung:</strong> 8 mm") && german.bodyHTML.contains("<strong>Farbe:</strong> Marineblau"), "\(german.bodyHTML)")
        #expect(german.bodyHTML.contains("<strong>EAN:</strong> 4006381333931"), "a configured identifier, labelled")
        #expect(!german.bodyHTML.contains("Aisle 9"))

        #expect(failure("[schema.attributes.x]\ntype = \"colour\"")?.message.contains("'colour' is not an attribute type") == true)
        #expect(failure("[schema.attributes.x]\nlabels = { xx = \"X\" }")?.context.key == "schema.attributes.x.labels.xx")
        #expect(failure("[schema]\nunknown = 1")?.code == .configUnknownKey)
    }
}

/// Issue 26: `--check-config` said OK for a folder the service's user cannot write.
@Suite struct FolderAccessTests {
    let directory = TemporaryDirectory("folder-access")

    @Test(.enabled(if: getpwnam("nobody") != nil, "needs the nobody user"))
    func aFolderIsCheckedAsTheServiceUserFindsIt() throws {
        let closed = directory.path("closed")
        try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: closed.path)
        let problem = try #require(FolderAccess.problem(with: closed, forUser: "nobody"))
        #expect(problem.contains(closed.path) && problem.contains("not writable by nobody"), "\(problem)")
        // A folder that does not exist yet is judged by the parent it would be created in.
        #expect(FolderAccess.problem(with: closed.appendingPathComponent("inbox/new"), forUser: "nobody")?.contains(closed.path) == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: closed.path)
        #expect(FolderAccess.problem(with: closed, forUser: "nobody") == nil)
        #expect(FolderAccess.problem(with: closed, forUser: nil) == nil, "the current user (root here, or the owner)")
    }
}
