import CatalogCore
import CatalogHTTP
@testable import CatalogMagento
import CatalogTestSupport
import Foundation
import Testing

/// The adapter against the loopback fake: which scope each locale lands in, what is never
/// written twice, and what goes to a person instead.
@Suite struct MagentoTargetTests {
    static let storeViews = [
        FakeMagentoStore.StoreView(id: 1, code: "default", locale: "en_US"),
        .init(id: 2, code: "de", locale: "de_DE"),
        .init(id: 3, code: "at", locale: "de_AT"),
        .init(id: 4, code: "fr", locale: "fr_FR"),
    ]

    static func withShop(
        skus: [String] = ["SKU-1"], credentials: ((FakeMagentoServer) -> MagentoCredentials)? = nil,
        policy: ConflictPolicy = .queue, manageURLKeys: Bool = false, createMissing: Bool = false, timeout: Duration = .seconds(2), bulkTimeout: Duration = .seconds(30),
        wrapTransport: (any HTTPTransport) -> any HTTPTransport = { $0 }, clock: any WallClock = SystemWallClock(),
        time: Timekeeper = .continuous, _ body: (FakeMagentoServer, MagentoTarget) async throws -> Void
    ) async throws {
        var store = FakeMagentoStore(storeViews: storeViews)
        store.clock = clock
        for sku in skus { store.addProduct(sku: sku, name: "Old \(sku)", description: "<p>hand written</p>") }
        let server = try FakeMagentoServer(store: store)
        try await server.start()
        let transport = AsyncHTTPTransport()
        let configuration = MagentoConfiguration(
            baseURL: server.url, credentials: credentials?(server) ?? .integrationToken(server.integrationToken),
            primaryLocale: LocaleCode("en")!, conflictPolicy: policy, manageURLKeys: manageURLKeys,
            timeout: timeout, createMissing: createMissing, bulkThreshold: 10, bulkPollInterval: .milliseconds(20),
            bulkTimeout: bulkTimeout, time: time
        )
        let target = MagentoTarget(configuration: configuration, transport: wrapTransport(transport))
        do {
            try await body(server, target)
        } catch {
            try? await transport.shutdown()
            await server.stop()
            throw error
        }
        try await transport.shutdown()
        await server.stop()
        #expect(server.invalidRequests.isEmpty, "requests the pinned schema rejects: \(server.invalidRequests)")
    }

    static func item(_ sku: String = "SKU-1", locale: String = "en", title: String = "Trail Shoe", handle: String? = nil, lastPushed: ContentHash? = nil) -> PublishItem {
        let copy = GeneratedCopy(
            sku: SKU(sku)!, locale: LocaleCode(locale)!, title: title, bodyHTML: "<p>\(title), light and waterproof.</p>",
            metaTitle: "\(title) | Shop", metaDescription: "Buy the \(title).", generator: GeneratorIdentity(name: "template", version: "1.0.0")
        )
        return PublishItem(target: "magento", copy: copy, handle: handle, lastPushed: lastPushed)
    }

    /// Issue 10: 30% of the fake's answers garbled on the way back (see GarblingTransport)
    /// while the fake runs every request: every item ends published or with a reason for a
    /// person, nothing crashes, and `.published` is only said of copy the store view shows.
    @Test func garbledResponsesNeverCrashOrClaimAWriteThatDidNotLand() async throws {
        let skus = (1...8).map { "SKU-\($0)" }
        var garbling: GarblingTransport?
        try await Self.withShop(skus: skus, wrapTransport: { http in
            garbling = GarblingTransport(http, rate: 0.3, seed: 11)
            return garbling!
        }) { server, target async throws in
            let items = skus.flatMap { sku in ["en", "de", "fr"].map { Self.item(sku, locale: $0, title: "New \(sku) \($0)") } }
            let result = await SettledPublishing.run(target, items: items) { item in
                let store = ["en": "default", "de": "de", "fr": "fr"][item.copy.locale.identifier] ?? ""
                return server.store.value(sku: item.copy.sku.rawValue, attribute: "name", store: store)
            }
            #expect(result.unsettled.isEmpty, "\(result.unsettled.count) items never settled")
            #expect(result.falseClaims.isEmpty, "\(result.falseClaims)")
            let garbled = garbling?.garbled ?? [:]
            #expect(garbled.values.reduce(0, +) > 10, "\(garbled)")
            print("garbled responses: \(garbled); to a person: \(result.manual.count)\n\(result.manual.prefix(5).joined(separator: "\n"))")
        }
    }

    /// Variant B goes into the catalogd_variant_b attribute in the locale's scopes; the
    /// product's own copy stays variant A.
    @Test func variantBGoesToItsAttributeOnly() async throws {
        try await Self.withShop { server, target async throws in
            let variant = { (locale: String) in PublishItem(target: "magento", copy: Self.item(locale: locale, title: "Variant B").copy, slot: .variantB) }
            #expect(try await target.publish(variant("en")) == .published)
            #expect(try await target.publish(variant("de")) == .published)
            let store = server.store
            #expect(store.value(sku: "SKU-1", attribute: "name", store: "all") == "Old SKU-1", "the product's own copy is untouched")
            let global = try #require(store.value(sku: "SKU-1", attribute: "catalogd_variant_b", store: "all"))
            #expect(try JSONDecoder().decode(VariantCopy.self, from: Data(global.utf8)).title == "Variant B")
            #expect(store.value(sku: "SKU-1", attribute: "catalogd_variant_b", store: "de")?.contains("Variant B") == true)
            let missing = PublishItem(target: "magento", copy: Self.item("NOPE").copy, slot: .variantB)
            #expect(try await target.publish(missing) == .needsManualHandling(reason: "no Magento product has SKU NOPE; variant B needs the product to exist"))
        }
    }

    @Test func primaryCopyIsGlobalAndLocalizedCopyOverridesOnlyItsStoreViews() async throws {
        try await Self.withShop { server, target async throws in
            #expect(try await target.publish(Self.item()) == .published)
            #expect(try await target.publish(Self.item(locale: "de", title: "Wanderschuh")) == .published)
            let store = server.store
            #expect(store.value(sku: "SKU-1", attribute: "name", store: "all") == "Trail Shoe")
            #expect(store.value(sku: "SKU-1", attribute: "name", store: "default") == "Trail Shoe")
            #expect(store.value(sku: "SKU-1", attribute: "description", store: "fr") == "<p>Trail Shoe, light and waterproof.</p>")
            // `de` fills both German store views; nothing overrides the default store view.
            #expect(store.value(sku: "SKU-1", attribute: "name", store: "de") == "Wanderschuh")
            #expect(store.value(sku: "SKU-1", attribute: "meta_title", store: "at") == "Wanderschuh | Shop")
            #expect(store.overrides(sku: "SKU-1", attribute: "name") == ["de", "at"])
            #expect(store.writes.map(\.store) == ["all", "de", "at"])

            // A retry after a crash finds the copy there and writes nothing.
            let again = Self.item(locale: "de", title: "Wanderschuh", lastPushed: Self.item(locale: "de", title: "Wanderschuh").copy.contentHash)
            #expect(try await target.publish(again) == .published)
            #expect(try await target.publish(Self.item()) == .published)
            #expect(server.store.writes.count == 3)
        }
    }

    @Test func anExactRegionalLocaleWinsOverTheLanguage() async throws {
        try await Self.withShop { server, target async throws in
            #expect(try await target.publish(Self.item(locale: "de-AT", title: "Wanderschuh (AT)")) == .published)
            #expect(server.store.writes.map(\.store) == ["at"])
            #expect(try await target.publish(Self.item(locale: "it")) == .needsManualHandling(
                reason: "no active Magento store view has locale it (store views: default (en_US), de (de_DE), at (de_AT), fr (fr_FR)); set the locale under Stores → Configuration → General → Locale Options or remove it from catalogd's locales"
            ))
        }
    }

    @Test func adminTokensAreRequestedAndRenewedWhenTheyExpire() async throws {
        try await Self.withShop(credentials: { .admin(username: $0.adminUser.username, password: $0.adminUser.password) }) { server, target async throws in
            #expect(try await target.publish(Self.item()) == .published)
            #expect(server.tokensIssued == 1)
            server.expireAdminTokens()
            #expect(try await target.publish(Self.item(title: "Trail Shoe 2", lastPushed: Self.item().copy.contentHash)) == .published)
            #expect(server.tokensIssued == 2)
        }
        try await Self.withShop(credentials: { _ in .admin(username: "catalogd", password: "wrong") }) { _, target async throws in
            let error = await #expect(throws: MagentoError.self) { try await target.publish(Self.item()) }
            #expect(error?.status == 401)
            #expect(error?.message == "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.")
            #expect(error?.isPermanent == false)
        }
    }

    @Test func aTakenURLKeyIsMadeUniqueDeterministicallyAndRecorded() async throws {
        try await Self.withShop(skus: ["SKU-1", "SKU-2"], manageURLKeys: true) { server, target async throws in
            server.updateStore { $0.editInAdmin(sku: "SKU-2", store: "all", attribute: "url_key", value: "trail-shoe") }
            let outcome = try await target.publish(Self.item(handle: "trail-shoe"))
            #expect(outcome == .publishedWithNote("url_key 'trail-shoe' is taken in store 'all'; used 'trail-shoe-sku-1'"))
            #expect(server.store.value(sku: "SKU-1", attribute: "url_key", store: "default") == "trail-shoe-sku-1")
        }
    }

    /// The checks every target runs (CommerceTargetConformance): the conflict-policy matrix
    /// and unknown SKUs, against the Magento fake.
    @Test func conformsToWhatEveryTargetMustDo() async throws {
        try await CommerceTargetConformance.run(shop: "Magento") { policy, body in
            try await Self.withShop(skus: [CommerceTargetConformance.sku], policy: policy) { server, target async throws in
                try await body(CommerceTargetConformance.Shop(
                    target: target,
                    editDescription: { sku, html in server.updateStore { $0.editInAdmin(sku: sku, store: "all", attribute: "description", value: html) } },
                    description: { server.store.value(sku: $0, attribute: "description", store: "all") }
                ))
            }
        }
    }

    @Test func unknownSKUsAndRejectedBodiesBecomeReasons() async throws {
        try await Self.withShop { server, target async throws in
            #expect(try await target.publish(Self.item("NOPE")) == .needsManualHandling(reason: "no Magento product has SKU NOPE (catalogd does not create products unless create_missing is set); create it in Magento or import the exported CSV"))
            server.setFaults(FakeServerFaults(serverErrorRate: 1))
            await #expect(throws: MagentoError.self) { try await target.publish(Self.item()) }
        }
    }

    @Test func bulkPublishingRetriesRetriableOperationsAndReportsFailuresPerItem() async throws {
        let skus = (1...60).map { "SKU-\($0)" }
        try await Self.withShop(skus: skus, manageURLKeys: true) { server, target async throws in
            server.setBulkRetriableRate(0.3)
            server.updateStore { $0.editInAdmin(sku: "SKU-60", store: "all", attribute: "url_key", value: "taken") }
            var items = skus.dropLast().flatMap { sku in [Self.item(sku, title: "Shoe \(sku)"), Self.item(sku, locale: "de", title: "Schuh \(sku)")] }
            items.append(Self.item("SKU-1", locale: "fr", title: "Chaussure"))
            items.append(Self.item("SKU-2", title: "Shoe SKU-2", handle: "taken"))
            items.append(Self.item("MISSING"))
            let results = await target.publish(batch: items)
            let outcomes = try results.map { try $0.get() }
            #expect(outcomes.filter { $0 == .published }.count == items.count - 2, "\(Set(outcomes.map { "\($0)" }).prefix(5))")
            guard case .needsManualHandling(let reason) = outcomes[items.count - 2] else {
                Issue.record("the taken url_key was published: \(outcomes[items.count - 2])")
                return
            }
            #expect(reason.hasPrefix("Magento bulk "))
            #expect(reason.hasSuffix(" failed the copy of SKU-2 in store 'all': URL key for specified store already exists."))
            #expect(outcomes.last == .needsManualHandling(reason: "no Magento product has SKU MISSING (catalogd does not create products unless create_missing is set); create it in Magento or import the exported CSV"))
            let store = server.store
            #expect(store.value(sku: "SKU-7", attribute: "name", store: "default") == "Shoe SKU-7")
            #expect(store.value(sku: "SKU-7", attribute: "name", store: "at") == "Schuh SKU-7")
            #expect(store.value(sku: "SKU-1", attribute: "name", store: "fr") == "Chaussure")
            #expect(store.writes.allSatisfy { $0.bulk })

            // The same batch again: everything is already there, nothing is written.
            let writes = store.writes.count
            let again = items.map { PublishItem(target: "magento", copy: $0.copy, handle: $0.handle, lastPushed: $0.copy.contentHash) }
            _ = await target.publish(batch: again)
            #expect(server.store.writes.count == writes)
        }
    }

    @Test func aBulkThatStaysOpenIsRetriedLaterNotWaitedForForever() async throws {
        let skus = (1...12).map { "SKU-\($0)" }
        // The bulk is polled every 20 ms on a clock the test moves on, so the 0.3 s pass at once.
        let clock = ManualClock()
        try await Self.withShop(skus: skus, bulkTimeout: .milliseconds(300), time: Timekeeper(clock)) { server, target async throws in
            server.setConsumersRunning(false)
            let items = skus.map { Self.item($0, title: "Shoe \($0)") }
            let stuck = try await clock.drive { await target.publish(batch: items) }
            for result in stuck {
                guard case .failure(let error as MagentoError) = result else {
                    Issue.record("a write that never ran was reported as \(result)")
                    continue
                }
                #expect(!error.isPermanent)
                #expect(error.message.hasSuffix("still open after 0.3 seconds"), "\(error)")
            }
            #expect(server.store.writes.isEmpty)

            // Once the consumers run again, the retried batch lands.
            server.setConsumersRunning(true)
            let retried = try await clock.drive { await target.publish(batch: items) }.map { try $0.get() }
            #expect(retried.allSatisfy { $0 == .published })
            #expect(server.store.value(sku: "SKU-12", attribute: "name", store: "default") == "Shoe SKU-12")
        }
    }

    /// Issue 27: with 30% 502/503 half the rows waited for the outbox's backoff (155 of 300
    /// after 11.5 minutes): the client did not retry within a call. Two gateway errors per
    /// request are absorbed inside the call, one by one and in bulk.
    @Test func gatewayErrorsAreRetriedWithinTheCall() async throws {
        let skus = (1...12).map { "SKU-\($0)" }
        var gateway: GatewayFaultTransport?
        try await Self.withShop(skus: skus, wrapTransport: { http in
            gateway = GatewayFaultTransport(http, failures: 2)
            return gateway!
        }) { server, target async throws in
            let items = skus.map { Self.item($0, locale: "de", title: "Schuh \($0)") }
            for item in items.prefix(2) {
                #expect(try await target.publish(item) == .published)
            }
            let batch = try await target.publish(batch: Array(items.dropFirst(2))).map { try $0.get() }
            #expect(batch.allSatisfy { $0 == .published }, "\(batch)")
            #expect(server.store.value(sku: "SKU-12", attribute: "name", store: "at") == "Schuh SKU-12")
            #expect((gateway?.gatewayErrors ?? 0) > 10)
        }
    }

    /// Issue 27: a lookup of 600 SKUs read the first page and sent 1,314 rows to the manual
    /// queue as "no Magento product has SKU …". Searches are read to `total_count`, at the page
    /// size the server allows (with its input limits on it refuses a larger one).
    @Test func searchesAreReadToTheirTotalCountAtTheServersPageSize() async throws {
        let skus = (1...250).map { String(format: "SKU-%03d", $0) }
        // A bulk of 250 items takes the debug fake a while to check against the schema when the
        // whole suite runs beside it: the test is about paging, not about the request timeout.
        try await Self.withShop(skus: skus, timeout: .seconds(20)) { server, target async throws in
            server.setMaximumPageSize(30)
            let items = skus.flatMap { [Self.item($0, title: "Shoe \($0)"), Self.item($0, locale: "de", title: "Schuh \($0)")] }
            let outcomes = try await target.publish(batch: items).map { try $0.get() }
            #expect(outcomes.filter { $0 == .published }.count == items.count, "\(Set(outcomes.map { "\($0)" }).prefix(3))")
            #expect(server.store.value(sku: "SKU-250", attribute: "name", store: "at") == "Schuh SKU-250")
            // Pages of 30 SKUs in each of the three scopes written (all, de, at): 9 searches
            // each, not one per SKU.
            #expect(server.searchesAnswered == 3 * 9, "\(server.searchesAnswered) searches")

            let changed = try await target.changes(since: "2000-01-01 00:00:00", now: Date())
            #expect(Set(changed.changes.flatMap(\.skus).map(\.rawValue)) == Set(skus), "\(changed.changes.count) of 250")
        }
    }

    @Test func driftPollingReportsProductsUpdatedSinceTheCursor() async throws {
        let clock = FixedClock()
        try await Self.withShop(skus: ["SKU-1", "SKU-2"], clock: clock) { server, target async throws in
            // Magento's timestamps have whole seconds: poll in the second after the products
            // were created, edit in the second after that.
            clock.advance(by: 1.1)
            let first = try await target.changes(since: nil, now: clock.now())
            #expect(first.changes.isEmpty)
            clock.advance(by: 1.1)
            server.updateStore { $0.editInAdmin(sku: "SKU-2", store: "all", attribute: "description", value: "<p>edited</p>") }
            let second = try await target.changes(since: first.cursor, now: clock.now())
            #expect(second.changes.map(\.skus) == [[SKU("SKU-2")!]])
            #expect(second.changes.first?.primaryCopy?.bodyHTML == "<p>edited</p>")
        }
    }

    /// With create_missing, the primary copy creates the product disabled at the global scope;
    /// other locales wait for it.
    @Test func missingProductsAreCreatedDisabledOnlyWhenConfigured() async throws {
        try await Self.withShop(skus: [], createMissing: true) { server, target async throws in
            await #expect(throws: MagentoError.self) { try await target.publish(Self.item("NEW-1", locale: "de", title: "Neu")) }
            #expect(try await target.publish(Self.item("NEW-1", title: "New one")) == .publishedWithNote(
                "created disabled product NEW-1 in Magento (attribute set 4, price 0); set its price and enable it"
            ))
            let product = try #require(server.store.products["NEW-1"])
            #expect(product.enabled == false)
            #expect(server.store.value(sku: "NEW-1", attribute: "name", store: "default") == "New one")
            #expect(try await target.publish(Self.item("NEW-1", locale: "de", title: "Neu")) == .published)
            #expect(server.store.value(sku: "NEW-1", attribute: "name", store: "de") == "Neu")
        }
    }
}
