import CatalogCore
import CatalogHTTP
@testable import CatalogShopify
import CatalogTestSupport
import Foundation
import Testing

/// The adapter against the loopback fake: what lands in the shop, what is never written twice,
/// and what goes to a person instead.
@Suite struct ShopifyTargetTests {
    static let locales = [FakeShopifyShop.Locale("en", primary: true), .init("de"), .init("fr"), .init("it", published: false)]

    /// Runs `body` with a started fake holding one product per SKU, and a target pointed at it.
    static func withShop(
        skus: [String] = ["SKU-1"], bucket: FakeShopifyServer.Bucket = .standard, policy: ConflictPolicy = .queue, createMissing: Bool = false, manageHandles: Bool = false,
        wrapTransport: (any HTTPTransport) -> any HTTPTransport = { $0 }, time: Timekeeper = .continuous,
        _ body: (FakeShopifyServer, ShopifyTarget) async throws -> Void
    ) async throws {
        var shop = FakeShopifyShop(locales: locales)
        for sku in skus { shop.addProduct(sku: sku, title: "Old \(sku)", descriptionHtml: "<p>hand written</p>") }
        let server = try FakeShopifyServer(shop: shop, bucket: bucket, time: time)
        try await server.start()
        let transport = AsyncHTTPTransport()
        let target = ShopifyTarget(
            configuration: ShopifyConfiguration(
                shopURL: server.url, accessToken: server.accessToken, conflictPolicy: policy, timeout: .seconds(2), createMissing: createMissing, manageHandles: manageHandles, time: time
            ),
            transport: wrapTransport(transport)
        )
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

    static func item(_ sku: String = "SKU-1", locale: String = "en", title: String = "Trail Shoe", body: String = "<p>Light and waterproof.</p>") -> PublishItem {
        let copy = GeneratedCopy(
            sku: SKU(sku)!, locale: LocaleCode(locale)!, title: title, bodyHTML: body,
            metaTitle: "\(title) | Shop", metaDescription: "Buy the \(title).", generator: GeneratorIdentity(name: "template", version: "1.0.0")
        )
        return PublishItem(target: "shopify", copy: copy)
    }

    /// Issue 27: the manual queue's CSV needs each SKU's real handle (from the title here,
    /// as in most shops) and variant options; SKUs are asked for 50 to a search.
    @Test func variantsAreFoundByTheirSKUsWithTheShopsHandles() async throws {
        let skus = (1...120).map { "SKU-\($0)" }
        try await Self.withShop(skus: skus) { server, target async throws in
            let asked = skus.map { SKU($0)! } + [SKU("NOT-THERE")!]
            let before = server.requests
            let found = try await target.variants(forSKUs: asked)
            #expect(found.count == 120)
            #expect(found[SKU("SKU-7")!] == ShopVariant(handle: "old-sku-7", options: [.init(name: "Title", value: "Default Title")]))
            #expect(found[SKU("NOT-THERE")!] == nil)
            #expect(server.requests - before == 3, "121 SKUs in searches of 50")
        }
    }

    /// An experiment's variant B lands in a JSON metafield per locale; the product's own copy
    /// (variant A) is untouched, alone or inside a bulk batch.
    @Test func variantBGoesToItsMetafieldOnly() async throws {
        try await Self.withShop(skus: ["SKU-1", "SKU-2"]) { server, target async throws in
            let main = Self.item(title: "Variant A")
            let variant = { (sku: String, locale: String) in
                let copy = Self.item(sku, locale: locale, title: "Variant B").copy
                return PublishItem(target: "shopify", copy: copy, slot: .variantB)
            }
            #expect(main.idempotencyKey != variant("SKU-1", "en").idempotencyKey)
            #expect(try await target.publish(variant("SKU-1", "en")) == .published)
            let product = try #require(server.shop.product(sku: "SKU-1"))
            #expect(product.title == "Old SKU-1" && product.descriptionHtml == "<p>hand written</p>", "variant B never touches the product's own copy")
            let stored = try #require(product.metafields["catalogd.variant_b_en"])
            let decoded = try JSONDecoder().decode(VariantCopy.self, from: Data(stored.utf8))
            #expect(decoded.title == "Variant B" && decoded.bodyHTML == "<p>Light and waterproof.</p>" && decoded.generator == "template@1.0.0")

            let results = await target.publish(batch: [Self.item("SKU-2", title: "Bulk A"), variant("SKU-2", "de")])
            #expect(results.map { (try? $0.get()) } == [.published, .published])
            let second = try #require(server.shop.product(sku: "SKU-2"))
            #expect(second.title == "Bulk A" && second.metafields["catalogd.variant_b_de"] != nil)
            #expect(try await target.publish(Self.item("NOPE", title: "x").withSlot(.variantB)) == .needsManualHandling(reason: "no Shopify product has a variant with SKU NOPE; variant B needs the product to exist"))
        }
    }

    @Test func primaryLocaleCopyLandsWithProvenanceAndIsNotWrittenTwice() async throws {
        try await Self.withShop { server, target async throws in
            #expect(try await target.publish(Self.item()) == .published)
            let product = try #require(server.shop.product(sku: "SKU-1"))
            #expect(product.title == "Trail Shoe")
            #expect(product.descriptionHtml == "<p>Light and waterproof.</p>")
            #expect(product.seoTitle == "Trail Shoe | Shop")
            #expect(product.metafields["catalogd.copy_en"]?.contains(Self.item().copy.contentHash.hex) == true)
            #expect(server.shop.writes.map(\.operation) == ["productUpdate"])

            // A retry after a crash (same item again) finds its copy there and writes nothing.
            #expect(try await target.publish(Self.item()) == .published)
            #expect(server.shop.writes.count == 1)

            // New copy over catalogd's own earlier copy is written.
            #expect(try await target.publish(Self.item(body: "<p>Now lighter.</p>")) == .published)
            #expect(server.shop.product(sku: "SKU-1")?.descriptionHtml == "<p>Now lighter.</p>")
            #expect(server.shop.writes.count == 2)
        }
    }

    @Test func translationsUseTheShopsDigestsAndMapRegionalLocales() async throws {
        try await Self.withShop { server, target async throws in
            #expect(try await target.publish(Self.item()) == .published)
            #expect(try await target.publish(Self.item(locale: "de-DE", title: "Trailschuh", body: "<p>Leicht.</p>")) == .published)
            #expect(server.shop.translation(sku: "SKU-1", locale: "de", key: "title") == "Trailschuh")
            #expect(server.shop.translation(sku: "SKU-1", locale: "de", key: "body_html") == "<p>Leicht.</p>")
            #expect(server.shop.product(sku: "SKU-1")?.metafields["catalogd.copy_de"] != nil)
            let writes = server.shop.writes.map(\.operation)
            #expect(writes == ["productUpdate", "translationsRegister", "metafieldsSet"])

            #expect(try await target.publish(Self.item(locale: "de-DE", title: "Trailschuh", body: "<p>Leicht.</p>")) == .published)
            #expect(server.shop.writes.count == 3)
        }
    }

    @Test func aLocaleTheShopDoesNotPublishGoesToAPerson() async throws {
        try await Self.withShop { _, target async throws in
            guard case .needsManualHandling(let reason) = try await target.publish(Self.item(locale: "it")) else {
                Issue.record("an unpublished locale was written")
                return
            }
            #expect(reason.contains("locale it is not published"))
        }
    }

    /// The checks every target runs (CommerceTargetConformance): the conflict-policy matrix
    /// and unknown SKUs, against the Shopify fake.
    @Test func conformsToWhatEveryTargetMustDo() async throws {
        try await CommerceTargetConformance.run(shop: "Shopify") { policy, body in
            try await Self.withShop(skus: [CommerceTargetConformance.sku], policy: policy) { server, target async throws in
                try await body(CommerceTargetConformance.Shop(
                    target: target,
                    editDescription: { sku, html in server.updateShop { $0.editInAdmin(sku: sku, descriptionHtml: html) } },
                    description: { server.shop.product(sku: $0)?.descriptionHtml }
                ))
            }
        }
    }

    @Test func unknownSKUsAndUserErrorsBecomeReasonsNotExceptions() async throws {
        try await Self.withShop { server, target async throws in
            guard case .needsManualHandling(let missing) = try await target.publish(Self.item("NOPE")) else {
                Issue.record("an unknown SKU was published")
                return
            }
            #expect(missing.contains("no Shopify product has a variant with SKU NOPE"))
            let longTitle = String(repeating: "x", count: 300)
            guard case .needsManualHandling(let rejected) = try await target.publish(Self.item(title: longTitle)) else {
                Issue.record("an over-long title was published")
                return
            }
            #expect(rejected == "Shopify productUpdate rejected the copy: title: Title is too long (maximum is 255 characters)")
            #expect(server.shop.writes.isEmpty)
        }
    }

    @Test func anotherServedVersionStopsAllWrites() async throws {
        try await Self.withShop { server, target async throws in
            #expect(try await target.publish(Self.item()) == .published)
            server.setSupportedVersions(["2027-01", "2027-04"])
            let before = server.requests
            for sku in ["SKU-1", "SKU-1"] {
                guard case .needsManualHandling(let reason) = try await target.publish(Self.item(sku, body: "<p>v2</p>")) else {
                    Issue.record("wrote through a version mismatch")
                    return
                }
                #expect(reason.contains("answered with Admin API 2027-01 but catalogd is pinned to 2026-10"))
            }
            // The first mismatch locks the adapter: the second item sends nothing.
            #expect(server.requests == before + 1)
            #expect(server.shop.writes.count == 1)
        }
    }

    @Test func serverErrorsAreTransient() async throws {
        try await Self.withShop { server, target async throws in
            server.setFaults(.init(down: true))
            await #expect(throws: ShopifyError.self) { try await target.publish(Self.item()) }
            server.setFaults(.init())
            #expect(try await target.publish(Self.item()) == .published)
        }
    }

    /// 30% of requests answered 502/503: short retries inside the client carry almost every
    /// item through, what still fails is left for the outbox, and nothing is written twice.
    @Test func gatewayErrorsAreRetriedWithoutDuplicateWrites() async throws {
        let skus = (1...20).map { "SKU-\($0)" }
        try await Self.withShop(skus: skus) { server, target async throws in
            server.setFaults(.init(serverErrorRate: 0.3))
            var failed: [String] = []
            for sku in skus {
                do { _ = try await target.publish(Self.item(sku)) } catch { failed.append(sku) }
            }
            #expect(failed.count <= 3, "\(failed.count) of 20 items failed despite the retries")
            server.setFaults(.init())
            for sku in failed { #expect(try await target.publish(Self.item(sku)) == .published) }
            let updates = server.shop.writes.filter { $0.operation == "productUpdate" }
            #expect(updates.count == skus.count)
            #expect(Set(updates.map(\.productID)).count == skus.count)
        }
    }

    @Test func pacingKeepsWithinASmallBucket() async throws {
        let skus = (1...12).map { "SKU-\($0)" }
        // 60 points restoring 60/s: each item needs a 10-point lookup and a 10-point update. The
        // shop and the client share a clock the test moves on whenever the client waits.
        let clock = ManualClock()
        try await Self.withShop(skus: skus, bucket: .init(maximum: 60, restoreRate: 60), time: Timekeeper(clock)) { server, target async throws in
            for sku in skus {
                #expect(try await clock.drive { try await target.publish(Self.item(sku)) } == .published)
            }
            #expect(server.shop.writes.count == skus.count)
            // The first request learns the bucket; after that the client never overdraws it.
            #expect(server.throttledResponses.count <= 1)
        }
    }

    /// Drift polling reports edits (with the shop's current copy) and deletions since the cursor;
    /// the first poll only sets the cursor.
    @Test func driftPollingReportsEditsAndDeletions() async throws {
        try await Self.withShop(skus: ["SKU-1", "SKU-2", "SKU-3"]) { server, target async throws in
            // The products were last touched an hour ago.
            server.updateShop { shop in
                for id in shop.products.keys { shop.products[id]?.updatedAt = Date(timeIntervalSinceNow: -3600) }
            }
            let start = Date()
            let first = try await target.changes(since: nil, now: start)
            #expect(first.changes.isEmpty)
            #expect(try await target.publish(Self.item()) == .published)
            server.updateShop { shop in
                shop.editInAdmin(sku: "SKU-1", descriptionHtml: "<p>a person's words</p>")
                shop.deleteInAdmin(sku: "SKU-2")
            }
            let second = try await target.changes(since: first.cursor, now: start.addingTimeInterval(5))
            let edited = try #require(second.changes.first { $0.skus == [SKU("SKU-1")!] })
            #expect(edited.primaryCopy?.bodyHTML == "<p>a person's words</p>")
            #expect(edited.primaryCopy?.title == "Trail Shoe")
            let deleted = try #require(second.changes.first { $0.deleted })
            #expect(deleted.productRef.hasPrefix("gid://shopify/Product/"))
            #expect(second.changes.count == 2, "SKU-3 was not touched (and the poll reads from a minute before the cursor)")
        }
    }

    /// A large batch: one bulk export for the drift check, one staged JSONL and one bulk
    /// mutation for the primary locale; translations one by one; per-item outcomes.
    @Test func largeBatchesGoThroughBulkOperations() async throws {
        let skus = (1...30).map { "SKU-\($0)" }
        try await Self.withShop(skus: skus) { server, target async throws in
            // SKU-30 was published before and then edited by a person.
            #expect(try await target.publish(Self.item("SKU-30", title: "First")) == .published)
            server.updateShop { $0.editInAdmin(sku: "SKU-30", descriptionHtml: "<p>a person's words</p>") }
            var items = skus.map { Self.item($0, title: "Bulk \($0)") }
            items.append(Self.item("SKU-1", locale: "de", title: "Massen SKU-1"))
            items.append(Self.item("NOPE", title: "Missing"))
            let results = await target.publish(batch: items)
            let outcomes = try results.map { try $0.get() }
            #expect(outcomes.filter { $0 == .published }.count == 30, "29 primary writes and one translation")
            guard case .conflict(let reason, let edited) = outcomes[29] else { Issue.record("\(outcomes[29])"); return }
            #expect(reason == "conflict: the en copy of SKU-30 was edited in Shopify since catalogd last pushed it; choose in the review queue (policy: queue)")
            #expect(edited.bodyHTML == "<p>a person's words</p>")
            #expect(outcomes.last == .needsManualHandling(reason: "no Shopify product has a variant with SKU NOPE (catalogd does not create products unless create_missing is set); create it in Shopify or import the exported CSV"))
            #expect(server.bulkOperationsStarted == 2)
            #expect(server.bulkMutationLinesRun == 29)
            let shop = server.shop
            #expect(shop.product(sku: "SKU-7")?.title == "Bulk SKU-7")
            #expect(shop.product(sku: "SKU-7")?.metafields["catalogd.copy_en"]?.contains(Self.item("SKU-7", title: "Bulk SKU-7").copy.contentHash.hex) == true)
            #expect(shop.translation(sku: "SKU-1", locale: "de", key: "title") == "Massen SKU-1")
            #expect(shop.product(sku: "SKU-30")?.descriptionHtml == "<p>a person's words</p>")

            // The same batch again: the export shows everything in place, nothing is written.
            let writes = server.shop.writes.count
            _ = await target.publish(batch: Array(items.prefix(29)))
            #expect(server.shop.writes.count == writes)
            #expect(server.bulkMutationLinesRun == 29)
        }
    }

    /// With create_missing, an unknown SKU's primary copy creates a draft product carrying the
    /// SKU; its translations wait for that and then land on it.
    @Test func missingProductsAreCreatedAsDraftsOnlyWhenConfigured() async throws {
        try await Self.withShop(skus: [], createMissing: true) { server, target async throws in
            await #expect(throws: ShopifyError.self) { try await target.publish(Self.item("NEW-1", locale: "de", title: "Neu")) }
            let outcome = try await target.publish(PublishItem(target: "shopify", copy: Self.item("NEW-1", title: "New one").copy, handle: "new-one"))
            guard case .publishedWithNote(let note) = outcome else {
                Issue.record("not created: \(outcome)")
                return
            }
            #expect(note.hasPrefix("created draft product gid://shopify/Product/"))
            #expect(note.hasSuffix("for SKU NEW-1; set its price and publish it in Shopify"))
            let product = try #require(server.shop.product(sku: "NEW-1"))
            #expect(product.status == "DRAFT")
            #expect(product.title == "New one")
            #expect(product.metafields["catalogd.copy_en"]?.contains(Self.item("NEW-1", title: "New one").copy.contentHash.hex) == true)
            #expect(try await target.publish(Self.item("NEW-1", locale: "de", title: "Neu")) == .published)
            #expect(server.shop.translation(sku: "NEW-1", locale: "de", key: "title") == "Neu")
            // Published again: found now, nothing created twice.
            #expect(try await target.publish(Self.item("NEW-1", title: "New one")) == .published)
            #expect(server.shop.writes.filter { $0.operation == "productSet" }.count == 1)
        }
    }

    /// Issue 10: 30% of the fake's answers garbled on the way back (cut short, a flipped byte,
    /// an HTML page, an empty body, the wrong JSON type, a key missing), while the fake itself
    /// runs every request. Retried the way the outbox retries, every item ends published or
    /// with a reason for a person; nothing crashes, and `.published` is never said of a write
    /// that did not land.
    @Test func garbledResponsesNeverCrashOrClaimAWriteThatDidNotLand() async throws {
        let skus = (1...10).map { "SKU-\($0)" }
        var garbling: GarblingTransport?
        try await Self.withShop(skus: skus, wrapTransport: { http in
            garbling = GarblingTransport(http, rate: 0.3, seed: 10)
            return garbling!
        }) { server, target async throws in
            let items = skus.flatMap { sku in ["en", "de"].map { Self.item(sku, locale: $0, title: "New \(sku) \($0)") } }
            let result = await SettledPublishing.run(target, items: items) { item in
                let sku = item.copy.sku.rawValue, locale = item.copy.locale.identifier
                return locale == "en" ? server.shop.product(sku: sku)?.title : server.shop.translation(sku: sku, locale: locale, key: "title")
            }
            #expect(result.unsettled.isEmpty, "\(result.unsettled.count) items never settled")
            #expect(result.falseClaims.isEmpty, "\(result.falseClaims)")
            #expect(result.manual.allSatisfy { !$0.hasSuffix(": ") })
            let garbled = garbling?.garbled ?? [:]
            #expect(garbled.values.reduce(0, +) > 10, "\(garbled)")
            print("garbled responses: \(garbled); to a person: \(result.manual.count)\n\(result.manual.prefix(5).joined(separator: "\n"))")
        }
    }

    /// Issue 27: after "applied but 502" the client sent identical mutations again (42 in one
    /// run). A write answered 502/503/504 is read back first: nothing is written twice.
    @Test func aWriteThatMayHaveLandedIsReadBackNotSentAgain() async throws {
        let skus = (1...12).map { "SKU-\($0)" }
        try await Self.withShop(skus: skus) { server, target async throws in
            server.setFaults(.init(appliedButFailedRate: 0.3))
            let items = skus.flatMap { sku in ["en", "de"].map { Self.item(sku, locale: $0, title: "New \(sku) \($0)") } }
            let result = await SettledPublishing.run(target, items: items) { item in
                let sku = item.copy.sku.rawValue, locale = item.copy.locale.identifier
                return locale == "en" ? server.shop.product(sku: sku)?.title : server.shop.translation(sku: sku, locale: locale, key: "title")
            }
            #expect(result.unsettled.isEmpty && result.falseClaims.isEmpty && result.manual.isEmpty, "\(result.manual)")
            let writes = server.shop.writes
            let resent = writes.filter { !$0.changed }
            #expect(resent.isEmpty, "re-sent writes: \(resent)")
            #expect(writes.filter { $0.operation == "productUpdate" }.count == 12)
        }
    }

    @Test func handlesAreWrittenOnlyWhenManaged() async throws {
        for manage in [false, true] {
            try await Self.withShop(manageHandles: manage) { server, target async throws in
                let item = PublishItem(target: "shopify", copy: Self.item().copy, handle: "trail-shoe-waterproof")
                #expect(try await target.publish(item) == .published)
                #expect(server.shop.product(sku: "SKU-1")?.handle == (manage ? "trail-shoe-waterproof" : "old-sku-1"), "unmanaged, the handle Shopify made from the first title stays")
            }
        }
    }
}

extension PublishItem {
    func withSlot(_ slot: CopySlot) -> PublishItem {
        PublishItem(target: target, copy: copy, handle: handle, lastPushed: lastPushed, slot: slot)
    }
}
