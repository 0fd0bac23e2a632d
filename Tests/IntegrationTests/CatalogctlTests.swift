import CatalogCore
import CatalogIngest
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// `catalogctl` against a state directory with no daemon running.
@Suite struct CatalogctlTests {
    let directory = TemporaryDirectory("catalogctl-it")
    var state: String { directory.path("state").path }

    @Test func importPrintsTheDiffAndWorksWithoutTheDaemon() async throws {
        let file = try directory.write("export.csv", AkeneoCSV.catalog(skus: ["A-1", "B-2"]).text)
        let first = try await Executables.json("catalogctl", ["import", file.path, "--state-dir", state])
        #expect(first["state"] as? String == "applied")
        #expect(first["summary"] as? [String: Int] == ["added": 2, "changed": 0, "removed": 0, "unchanged": 0])
        #expect(FileManager.default.fileExists(atPath: file.path), "the operand is left where it is")

        let again = try await Executables.run("catalogctl", ["import", file.path, "--state-dir", state])
        #expect(again.status == 0)
        #expect(again.output == "imported \(file.path): 0 added, 0 changed, 0 removed, 2 unchanged\n")

        let list = try await Executables.run("catalogctl", ["products", "list", "--state-dir", state])
        #expect(list.output == "A-1\tgear\tItem A-1\nB-2\tgear\tItem B-2\n")
        let status = try await Executables.json("catalogctl", ["status", "--state-dir", state])
        #expect(status["products"] as? Int == 2)
        #expect(status["generationJobs"] as? [String: Int] == ["queued": 2])

        let audit = try await CatalogDatabase(path: directory.path("state/catalog.sqlite").path).auditEvents(limit: 5)
        #expect(audit.map(\.action) == ["import", "import"])
        #expect(audit.allSatisfy { $0.actor.hasPrefix("catalogctl:") && $0.subject == file.path && $0.detail == "applied" })
    }

    /// Issue 26: the documented `catalogctl --tenant shop-eu status` failed "Unknown option":
    /// the global options are read before the command's name as after it.
    @Test func globalOptionsMayComeBeforeTheCommand() async throws {
        #expect(try await Executables.run("catalogctl", ["import", try directory.write("one.csv", AkeneoCSV.catalog(skus: ["A-1"]).text).path, "--state-dir", state]).status == 0)
        let before = try await Executables.json("catalogctl", ["--state-dir", state, "status"])
        let split = try await Executables.run("catalogctl", ["--state-dir=\(state)", "--json", "products", "list"])
        #expect(before["products"] as? Int == 1)
        #expect(split.status == 0 && split.output.contains("\"A-1\""), "\(split.output)")
        let unknown = try await Executables.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(try Executables.url("catalogctl").path)' --tenant 'no/such' status 2>&1"])
        #expect(unknown.status != 0 && unknown.output.contains("is not a tenant name"), "\(unknown.output)")
    }

    @Test func aBadFileExitsWithDataErrorAndIsQuarantined() async throws {
        let file = try directory.write("bad.csv", "sku;color\nA-1;Red\nB-2\n")
        let result = try await Executables.run("catalogctl", ["import", file.path, "--state-dir", state])
        #expect(result.status == 65)
        #expect(result.output.contains("quarantined \(file.path): bad.csv, line 3, SKU B-2: 1 of 2 rows could not be read (at most 0 may be skipped); first, line 3: expected 2 fields as in the header, found 1"))
        let quarantine = try FileManager.default.contentsOfDirectory(atPath: directory.path("state/quarantine").path)
        #expect(quarantine.count == 2)
    }

    @Test func helpExplainsEveryCommand() async throws {
        let help = try await Executables.run("catalogctl", ["--help"]).output
        for command in ["status", "products", "import", "queue"] {
            #expect(help.contains(command))
        }
        let queueHelp = try await Executables.run("catalogctl", ["queue", "export", "--help"]).output
        #expect(queueHelp.contains("shopify-csv"))
        #expect(queueHelp.contains("magento-csv"))
    }

    @Test func checkConfigRejectsUnknownKeys() async throws {
        let config = try directory.write("bad.toml", "[inbox]\nmdoe = \"delta\"\n")
        let result = try await Executables.run("catalogd", ["--config", config.path, "--check-config"])
        #expect(result.status == 78)
        let good = try await Executables.run("catalogd", ["--check-config", "--state-dir", state])
        #expect(good.status == 0)
        #expect(good.output.contains("configuration OK (embedded defaults)"))
    }

    /// Issue 26: a plain `catalogctl status` (as the README shows it) silently opened an empty
    /// ./.catalogd wherever it ran. Now it reads ./.catalogd only where catalogd ran, else
    /// $CATALOGD_CONFIG or the installed service's configuration, else says where to point.
    @Test func aPlainStatusNeverOpensAnEmptyCatalog() async throws {
        let elsewhere = directory.path("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let catalogctl = try Executables.url("catalogctl")
        func status(_ prefix: String = "") async throws -> (status: Int32, output: String) {
            try await Executables.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "cd '\(elsewhere.path)' && \(prefix) exec '\(catalogctl.path)' status 2>&1"])
        }
        if !FileManager.default.fileExists(atPath: "/etc/catalogd/catalogd.toml") {
            let refused = try await status()
            #expect(refused.status != 0 && refused.output.contains("no catalog here"), "\(refused.output)")
            #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent(".catalogd").path), "nothing created")
        }
        #expect(try await Executables.run("catalogctl", ["import", try directory.write("one.csv", AkeneoCSV.catalog(skus: ["A-1"]).text).path, "--state-dir", state]).status == 0)
        let config = try directory.write("service.toml", "state_dir = \"\(state)\"\n")
        let named = try await status("CATALOGD_CONFIG='\(config.path)'")
        #expect(named.status == 0 && named.output.contains("products"), "\(named.output)")
    }

    /// Issue 26: a production configuration names its secrets as `*_credential`; outside the
    /// unit there is no $CREDENTIALS_DIRECTORY, and the check used to exit 78 for it.
    @Test func checkConfigValidatesAProductionConfigurationOutsideTheUnit() async throws {
        let config = try directory.write("production.toml", """
            state_dir = "\(state)"
            [publishing]
            target = "shopify"
            [publishing.shopify]
            shop_url = "https://example.myshopify.com"
            access_token_credential = "shopify-token"
            """)
        let result = try await Executables.run("catalogd", ["--config", config.path, "--check-config"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("publish target: shopify") && result.output.contains("secrets: not read here"), "\(result.output)")
        // A typo is still caught.
        let typo = try directory.write("typo.toml", "[publishing.shopify]\nshop_url = \"https://example.myshopify.com\"\naccess_token_credentail = \"x\"\n")
        #expect(try await Executables.run("catalogd", ["--config", typo.path, "--check-config"]).status == 78)
        // --credentials-dir checks the secrets too, before a reload would find them missing.
        let credentials = directory.path("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        let catalogd = try Executables.url("catalogd")
        let missing = try await Executables.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(catalogd.path)' --config '\(config.path)' --check-config --credentials-dir '\(credentials.path)' 2>&1"])
        #expect(missing.status == 78 && missing.output.contains("no credential 'shopify-token'"), "\(missing.output)")
        try directory.write("credentials/shopify-token", "shpat_checked\n")
        let whole = try await Executables.run("catalogd", ["--config", config.path, "--check-config", "--credentials-dir", credentials.path])
        #expect(whole.status == 0 && !whole.output.contains("not read here"), "\(whole.output)")
    }
}

/// Issue 26: `sudo catalogctl doctor` before the first start created `catalog.sqlite` as root,
/// and the service then failed "attempt to write a readonly database" in a loop.
@Suite struct StateOwnershipTests {
    let directory = TemporaryDirectory("catalogctl-owner")

    /// A state directory owned by `nobody`, reachable by it.
    func nobodysState() throws -> URL {
        let state = directory.path("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path("").path)
        try FileManager.default.setAttributes([.posixPermissions: 0o700, .ownerAccountID: 65_534, .groupOwnerAccountID: 65_534], ofItemAtPath: state.path)
        return state
    }

    @Test(.enabled(if: getuid() == 0, "switching users needs root"))
    func rootOpensAnotherUsersStateAsThatUser() async throws {
        let state = try nobodysState()
        let catalogctl = try Executables.url("catalogctl")
        let result = try await Executables.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(catalogctl.path)' status --state-dir '\(state.path)' 2>&1"])
        #expect(result.status == 0 && result.output.contains("running as nobody"), "\(result.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: state.path)
        #expect(files.contains("catalog.sqlite"), "\(files)")
        for file in files {
            let owner = try FileManager.default.attributesOfItem(atPath: state.appendingPathComponent(file).path)[.ownerAccountID] as? Int
            #expect(owner == 65_534, "\(file) is owned by \(owner ?? -1), not nobody")
        }
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs root and setpriv"))
    func anotherUserIsRefusedAndToldWhoOwnsIt() async throws {
        let state = directory.path("root-state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path("").path)
        let catalogctl = try Executables.url("catalogctl")
        let result = try await Executables.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups '\(catalogctl.path)' status --state-dir '\(state.path)' 2>&1"])
        #expect(result.status != 0 && result.output.contains("belongs to root") && result.output.contains("sudo -u root"), "\(result.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path).isEmpty, "nothing created")
    }
}

/// The mass-deletion guard from an operator's side: a truncated snapshot is held, shown,
/// and approved or rejected with `catalogctl imports`.
@Suite struct HeldImportTests {
    let directory = TemporaryDirectory("catalogctl-held")
    var state: String { directory.path("state").path }

    func importTruncated() async throws -> URL {
        let full = try directory.write("full.csv", AkeneoCSV.catalog(skus: (1...10).map { "S-\($0)" }).text)
        #expect(try await Executables.run("catalogctl", ["import", full.path, "--state-dir", state]).status == 0)
        let truncated = try directory.write("truncated.csv", AkeneoCSV.catalog(skus: ["S-1", "S-2"]).text)
        let held = try await Executables.run("catalogctl", ["import", truncated.path, "--state-dir", state])
        #expect(held.status == 3)
        #expect(held.output.hasPrefix("held \(truncated.path): 0 added, 0 changed, 8 removed, 2 unchanged; this snapshot would remove 8 of 10 products"))
        return truncated
    }

    @Test func aHeldSnapshotIsListedShownAndApproved() async throws {
        _ = try await importTruncated()
        let list = try await Executables.run("catalogctl", ["imports", "list", "--state", "held", "--state-dir", state]).output
        #expect(list == "#2\theld\takeneo\ttruncated.csv\t0 added, 0 changed, 8 removed, 2 unchanged\n")
        let show = try await Executables.json("catalogctl", ["imports", "show", "2", "--state-dir", state])
        #expect((show["heldReason"] as? String)?.contains("catalogctl imports approve 2") == true)
        let review = try await Executables.run("catalogctl", ["review", "list", "--state-dir", state]).output
        #expect(review.contains("import #2  held  akeneo  truncated.csv"), "held imports wait in the review queue too")
        #expect(try await Executables.json("catalogctl", ["status", "--state-dir", state])["products"] as? Int == 10, "nothing removed while held")

        let approved = try await Executables.json("catalogctl", ["imports", "approve", "2", "--state-dir", state])
        #expect(approved["removed"] as? Int == 8)
        #expect(try await Executables.json("catalogctl", ["status", "--state-dir", state])["products"] as? Int == 2)
        let audit = try await CatalogDatabase(path: directory.path("state/catalog.sqlite").path).auditEvents(limit: 1)
        #expect(audit.first?.action == "import.approve")
    }

    @Test func aHeldSnapshotCanBeRejected() async throws {
        _ = try await importTruncated()
        let rejected = try await Executables.json("catalogctl", ["imports", "reject", "2", "--note", "export was cut off", "--state-dir", state])
        let movedTo = try #require(rejected["movedTo"] as? String)
        #expect(FileManager.default.fileExists(atPath: movedTo))
        let report = try JSONDecoder().decode(QuarantineReport.self, from: Data(contentsOf: URL(fileURLWithPath: movedTo + ".error.json")))
        #expect(report.error.code == .rejectedByOperator)
        #expect(report.error.message.hasSuffix("export was cut off"))
        #expect(try await Executables.json("catalogctl", ["status", "--state-dir", state])["products"] as? Int == 10)
        #expect(try await Executables.run("catalogctl", ["imports", "approve", "2", "--state-dir", state]).status != 0, "a rejected import cannot be approved")
    }

    /// Completes the generation jobs an import left with English copy titled "Title SKU", queued
    /// for `target`, the way the daemon's pipeline would.
    func queueGeneratedCopy(target: String) async throws -> CatalogDatabase {
        let database = try CatalogDatabase(path: directory.path("state/catalog.sqlite").path)
        for job in try await database.generationQueue.claimGenerationJobs(limit: 10) {
            let copy = GeneratedCopy(
                sku: job.sku, locale: LocaleCode("en")!, title: "Title \(job.sku)", bodyHTML: "<p>Body</p>", metaTitle: "Meta",
                metaDescription: "Description", generator: GeneratorIdentity(name: "template", version: "1")
            )
            try await database.generationQueue.completeGeneration(job, copies: [copy], productHash: try #require(job.product).contentHash, target: target)
        }
        return database
    }

    /// queue show, retry and resolve on entries the outbox handed to a person.
    @Test func manualQueueEntriesAreShownRetriedAndResolved() async throws {
        let file = try directory.write("export.csv", AkeneoCSV.catalog(skus: ["A-1", "B-2"]).text)
        _ = try await Executables.run("catalogctl", ["import", file.path, "--state-dir", state])
        let database = try await queueGeneratedCopy(target: "shopify")
        for entry in try await database.outbox.claimOutbox(limit: 10) {
            try await database.outbox.moveToManualQueue(entry, reason: "publish failed 6 times over 24.0 h: HTTP 503")
        }
        let ids = try await database.manualQueue.entries().map(\.id)
        #expect(ids.count == 2)

        let show = try await Executables.run("catalogctl", ["queue", "show", "\(ids[0])", "--state-dir", state])
        #expect(show.status == 0)
        #expect(show.output.contains("reason:    publish failed 6 times over 24.0 h: HTTP 503"))
        #expect(show.output.contains("title:            Title A-1"))

        let retry = try await Executables.json("catalogctl", ["queue", "retry", "--all-failed", "--state-dir", state])
        #expect(retry["retried"] as? [Int] == ids.map(Int.init))
        await #expect(try database.status().outbox == ["pending": 2])
        let again = try await Executables.run("catalogctl", ["queue", "retry", "\(ids[0])", "--state-dir", state])
        #expect(again.status == 1)
        #expect(again.output.contains("not open"))

        for entry in try await database.outbox.claimOutbox(limit: 10) {
            try await database.outbox.moveToManualQueue(entry, reason: "conflict: edited in Shopify")
        }
        let resolve = try await Executables.run("catalogctl", ["queue", "resolve", "\(ids[1])", "--as", "dismissed", "--note", "keeping the shop's text", "--state-dir", state])
        #expect(resolve.output == "resolved #\(ids[1]) as dismissed\n")
        await #expect(try database.manualQueue.entries().map(\.id) == [ids[0]])
        let audit = try await database.auditEvents(limit: 10).map(\.action)
        #expect(audit.filter { $0 == "queue.retry" }.count == 2)
        #expect(audit.contains("queue.resolve"))
    }

    /// doctor passes on the embedded defaults and warns 60 days before a pinned API version
    /// reaches its end of support.
    @Test func doctorWarnsBeforeThePinnedShopAPIEndsSupport() async throws {
        let clean = try await Executables.run("catalogctl", ["doctor", "--state-dir", state])
        #expect(clean.status == 0)
        #expect(clean.output.contains("OK      database:"))
        #expect(clean.output.contains("OK      disk space:"))
        #expect(clean.output.contains("OK      credentials: every configured key and token is readable"))
        let token = try directory.write("token", "shpat_x\n")
        let config = try directory.write("shop.toml", """
            [publishing]
            target = "shopify"
            [publishing.shopify]
            shop_url = "https://example.myshopify.com"
            access_token_file = "\(token.path)"
            """)
        let early = try await Executables.run("catalogctl", ["doctor", "--config", config.path, "--state-dir", state, "--as-of", "2027-07-01", "--offline"])
        #expect(early.output.contains("OK      shopify API: Shopify Admin GraphQL 2026-10, supported until 2027-10-01 (92 days)"))
        let soon = try await Executables.run("catalogctl", ["doctor", "--config", config.path, "--state-dir", state, "--as-of", "2027-08-15", "--offline"])
        #expect(soon.status == 0)
        #expect(soon.output.contains("WARNING shopify API: Shopify Admin GraphQL 2026-10 reaches end of support on 2027-10-01, in 47 days"))
        let strict = try await Executables.run("catalogctl", ["doctor", "--config", config.path, "--state-dir", state, "--as-of", "2027-08-15", "--strict", "--offline"])
        #expect(strict.status == 1)
        let late = try await Executables.run("catalogctl", ["doctor", "--config", config.path, "--state-dir", state, "--as-of", "2027-10-02", "--offline"])
        #expect(late.status == 1)
        #expect(late.output.contains("ERROR   shopify API: Shopify Admin GraphQL 2026-10 reached end of support on 2027-10-01 (1 days ago)"))
    }

    /// push --dry-run reads the shop and reports per field what would change, writing nothing.
    @Test func pushDryRunShowsWhatWouldChangeInTheShop() async throws {
        var shop = FakeShopifyShop(locales: [.init("en", primary: true)])
        shop.addProduct(sku: "A-1", title: "Old A-1", descriptionHtml: "<p>Body</p>")
        let server = try FakeShopifyServer(shop: shop)
        try await server.start()
        let token = try directory.write("token", "\(server.accessToken)\n")
        let config = try directory.write("shop.toml", """
            state_dir = "\(state)"
            [publishing]
            target = "shopify"
            [publishing.shopify]
            shop_url = "\(server.url)"
            access_token_file = "\(token.path)"
            """)
        let file = try directory.write("export.csv", AkeneoCSV.catalog(skus: ["A-1", "B-2"]).text)
        _ = try await Executables.run("catalogctl", ["import", file.path, "--config", config.path])
        let database = try await queueGeneratedCopy(target: "shopify")

        let result = try await Executables.run("catalogctl", ["push", "--dry-run", "--config", config.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("A-1 en → shopify [en]: write\n  title:\n    - Old A-1\n    + Title A-1\n"))
        #expect(result.output.contains("B-2 en → shopify: manual (no Shopify product has a variant with SKU B-2"))
        #expect(!result.output.contains("descriptionHtml"), "unchanged fields are not listed")
        let only = try await Executables.run("catalogctl", ["push", "--dry-run", "A-1", "--config", config.path, "--json"])
        let previews = try #require(try JSONSerialization.jsonObject(with: Data(only.output.utf8)) as? [[String: Any]])
        #expect(previews.map { $0["sku"] as? String } == ["A-1"])
        await #expect(try database.status().outbox == ["pending": 2], "nothing claimed")
        #expect(server.shop.writes.isEmpty)
        #expect(server.invalidRequests.isEmpty)
        await server.stop()
    }

    /// doctor asks the configured shop one authenticated question: a good token passes, a
    /// wrong one fails with the shop's answer.
    @Test func doctorChecksTheShopWithTheConfiguredToken() async throws {
        var shop = FakeShopifyShop(locales: [.init("en", primary: true), .init("de")])
        shop.addProduct(sku: "A-1", title: "A")
        let server = try FakeShopifyServer(shop: shop)
        try await server.start()
        for (token, expected) in [(server.accessToken, 0), ("shpat_wrong", 1)] {
            let file = try directory.write("token-\(expected)", "\(token)\n")
            let config = try directory.write("doctor-\(expected).toml", """
                state_dir = "\(state)"
                [publishing]
                target = "shopify"
                [publishing.shopify]
                shop_url = "\(server.url)"
                access_token_file = "\(file.path)"
                """)
            let result = try await Executables.run("catalogctl", ["doctor", "--config", config.path])
            #expect(result.status == Int32(expected), "\(result.output)")
            if expected == 0 {
                #expect(result.output.contains("OK      shopify shop: Admin API 2026-10 answers; published locales: en (primary), de"))
            } else {
                #expect(result.output.contains("ERROR   shopify shop: shopify http: HTTP 401"))
            }
        }
        await server.stop()
    }
}
