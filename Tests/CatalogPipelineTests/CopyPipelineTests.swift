import CatalogCore
@testable import CatalogPipeline
import CatalogTestSupport
import Foundation
import Testing

/// The recovery table, row by row, against scripted models. (The same rules over real HTTP are
/// exercised against the fake provider servers.)
@Suite struct CopyPipelineTests {
    static let en = LocaleCode("en")!
    static let de = LocaleCode("de")!
    static let lamp = FactCheckerTests.lamp

    static let goodEnglish = ScriptedLanguageModel.copy(
        title: "Arc desk lamp by Lumina",
        body: "<p>The Arc desk lamp by Lumina has a black aluminium body and weighs 1.2 kg.</p><ul><li>Height: 45 cm</li><li>Power: 8 W</li><li>Light: 600 lumen</li></ul><p>It takes E27 bulbs and comes with a 1.8 m cable, so the lamp fits any desk.</p>",
        metaTitle: "Arc desk lamp | Lumina",
        metaDescription: "Arc desk lamp by Lumina: a black aluminium desk lamp of 1.2 kg, 45 cm tall, with an 8 W LED giving 600 lumen and a 1.8 m cable.",
        keywords: ["lamp", "desk"]
    )
    static let goodGerman = ScriptedLanguageModel.copy(
        title: "Arc Schreibtischleuchte von Lumina",
        body: "<p>Die Arc Schreibtischleuchte von Lumina hat ein schwarzes Aluminiumgehäuse und wiegt 1,2 kg.</p><ul><li>Höhe: 45 cm</li><li>Leistung: 8 W</li><li>Licht: 600 Lumen</li></ul><p>Sie nimmt E27 Leuchtmittel auf und hat ein 1,8 m langes Kabel für jeden Schreibtisch.</p>",
        metaTitle: "Arc Schreibtischleuchte | Lumina",
        metaDescription: "Arc Schreibtischleuchte von Lumina: schwarzes Aluminiumgehäuse, 1,2 kg leicht, 45 cm hoch, 8 W LED mit 600 Lumen und 1,8 m Kabel.",
        keywords: ["schreibtischleuchte"]
    )

    static func option(_ model: ScriptedLanguageModel, _ name: String = "main", input: Double = 3, output: Double = 15) -> ModelOption {
        ModelOption(model: model, name: name, price: ModelPrice(inputPerMillion: input, outputPerMillion: output))
    }

    func pipeline(
        _ options: [ModelOption], locales: [LocaleCode] = [en], budget: CostBudget = CostBudget(), references: (any ReferenceLibrary)? = nil, timeout: Duration = .seconds(5),
        pii: [String] = [], clock: some Clock<Duration> = ContinuousClock()
    ) -> CopyPipeline {
        let caller = ModelCaller(gate: ProviderGate(), timeout: timeout, maxRetryAfter: .seconds(1), time: Timekeeper(clock))
        return CopyPipeline(
            planner: Planner(locales: locales, options: options, budget: budget, references: references, retryBase: .milliseconds(1)),
            guardrail: Guardrail(pii: PIIScanner(personNames: pii)),
            executor: Executor(caller: caller),
            evaluator: Evaluator(facts: FactChecker(knownBrands: ["Lumina", "Lumos"])),
            translation: TranslationAgent(caller: caller)
        )
    }

    func result(_ outcome: PipelineOutcome, _ locale: LocaleCode = en) -> LocaleResult? {
        outcome.results.first { $0.locale == locale }?.result
    }

    func actions(_ outcome: PipelineOutcome) -> [String] {
        outcome.trace.steps.map { "\($0.agent):\($0.action):\($0.outcome)" }
    }

    @Test func goodCopyIsPublishedAndTranslated() async throws {
        let model = ScriptedLanguageModel([.text(Self.goodEnglish), .text(Self.goodGerman)])
        let outcome = try await pipeline([Self.option(model)], locales: [Self.en, Self.de]).run(Self.lamp)
        guard case .publish(let english, let handle)? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(english.title == "Arc desk lamp by Lumina")
        #expect(handle == "arc-desk-lamp-by-lumina")
        guard case .publish(let german, _)? = result(outcome, Self.de) else { Issue.record("\(outcome.results)"); return }
        #expect(german.bodyHTML.contains("1,2 kg"))
        #expect(outcome.trace.costUSD > 0)
        #expect(outcome.trace.steps.contains { $0.agent == "executor" && $0.inputTokens > 0 && $0.provider == "scripted" })
    }

    @Test func inventedNumberIsRegeneratedWithAStricterPrompt() async throws {
        let invented = Self.goodEnglish.replacingOccurrences(of: "weighs 1.2 kg", with: "weighs only 900 g")
        let model = ScriptedLanguageModel([.text(invented), .text(Self.goodEnglish)])
        let outcome = try await pipeline([Self.option(model)]).run(Self.lamp)
        guard case .publish? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(model.requests.count == 2)
        #expect(model.requests[1].prompt.contains("the attributes do not support: 900 g"))
        #expect(actions(outcome).contains("evaluator:recover:regenerate"))
    }

    @Test func aSecondHallucinationIsBlockedForReview() async throws {
        let invented = Self.goodEnglish.replacingOccurrences(of: "weighs 1.2 kg", with: "weighs only 900 g")
        let model = ScriptedLanguageModel([.text(invented), .text(invented)])
        let outcome = try await pipeline([Self.option(model)]).run(Self.lamp)
        guard case .review(let review)? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(review.reason == .hallucination)
        #expect(review.why.contains("900 g"))
        #expect(outcome.publishable.isEmpty)
    }

    @Test func piiInTheInputNeverReachesTheProvider() async throws {
        var product = Self.lamp
        product.attributes["description"] = .text("Ask jane@example.com or Jane Doe about the lamp.")
        let model = ScriptedLanguageModel([.text(Self.goodEnglish)])
        _ = try await pipeline([Self.option(model)], pii: ["Jane Doe"]).run(product)
        let prompt = try #require(model.requests.first?.prompt)
        #expect(!prompt.contains("jane@example.com") && !prompt.contains("Jane Doe"))
        #expect(prompt.contains("[email]") && prompt.contains("[person-name]"))
    }

    /// Issue 25: redacted copy used to be published with its placeholder in it.
    @Test func piiInTheOutputIsRedactedAndTheCopyGoesToReviewWithAnIncidentWithoutThePII() async throws {
        let leaking = Self.goodEnglish.replacingOccurrences(of: "so the lamp fits any desk.", with: "so the lamp fits any desk. Questions: sales@lumina.example")
        let model = ScriptedLanguageModel([.text(leaking)])
        let outcome = try await pipeline([Self.option(model)]).run(Self.lamp)
        guard case .review(let review)? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(review.reason == .personalData && review.why.contains("[email]"), "\(review.why)")
        #expect(review.copy.bodyHTML.contains("[email]") && !review.copy.bodyHTML.contains("sales@"))
        #expect(outcome.publishable.isEmpty)
        #expect(outcome.incidents.map(\.kind) == [.piiInOutput])
        #expect(!outcome.incidents[0].detail.contains("sales@"))
        #expect(!outcome.trace.steps.contains { $0.detail.values.contains { $0.contains("sales@") } })
    }

    /// A placeholder that came in with the input (a phone number in a description) and was
    /// written out by the template is held for review too, not published.
    @Test func aPlaceholderFromTheInputInTemplateCopyIsHeldForReview() async throws {
        var product = Self.lamp
        product.attributes["description"] = .text("Call +49 30 1234 5678 for spare parts.")
        let outcome = try await CopyPipeline.offline(locales: [Self.en, Self.de]).run(product)
        for locale in [Self.en, Self.de] {
            guard case .review(let review)? = result(outcome, locale) else { Issue.record("\(locale): \(actions(outcome))"); continue }
            #expect(review.reason == .personalData && review.copy.bodyHTML.contains("[phone]"))
        }
    }

    /// Supplier data, costs, notes and volatile values are never written or sent: the
    /// built-in patterns and the configured codes.
    @Test func internalAndVolatileAttributesNeverReachAWriter() async throws {
        var product = Self.lamp
        product.attributes["supplier_note"] = .text("Ask Frank before reordering")
        product.attributes["cost"] = .number(CanonicalDecimal("12.40")!, unit: nil)
        product.attributes["stock"] = .number(CanonicalDecimal("493")!, unit: nil)
        product.attributes["buyer_code"] = .text("BX-77")
        product.attributes["warehouse_bin"] = .text("Aisle 9")
        let model = ScriptedLanguageModel([.text(Self.goodEnglish)])
        let guardrail = Guardrail(visibility: AttributeVisibility(internal: ["warehouse_*"]))
        var trace = PipelineTrace()
        let visible = guardrail.redactInput(product, trace: &trace)
        #expect(Set(visible.attributes.keys) == Set(Self.lamp.attributes.keys))
        #expect(trace.steps.first?.detail["withheld"] == "buyer_code, cost, stock, supplier_note, warehouse_bin")
        var pipeline = pipeline([Self.option(model)])
        pipeline.guardrail = guardrail
        _ = try await pipeline.run(product)
        let prompt = try #require(model.requests.first?.prompt)
        for secret in ["Frank", "12.4", "493", "BX-77", "Aisle 9", "supplier_note"] { #expect(!prompt.contains(secret), "\(secret)") }
        let template = try await CopyPipeline(planner: Planner(locales: [Self.en]), guardrail: guardrail).run(product)
        let copy = try #require(template.publishable.first)
        for secret in ["Frank", "12.4", "493", "BX-77", "Aisle 9"] { #expect(!copy.bodyHTML.contains(secret), "\(secret)") }
    }

    @Test func aPolicyViolationBlocksPublicationAndItsTranslations() async throws {
        let curing = Self.goodEnglish.replacingOccurrences(of: "so the lamp fits any desk.", with: "its light cures headaches.")
        let model = ScriptedLanguageModel([.text(curing)])
        let outcome = try await pipeline([Self.option(model)], locales: [Self.en, Self.de]).run(Self.lamp)
        guard case .blocked(let reason)? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(reason == #"rule health-claims: "cures""#)
        guard case .blocked? = result(outcome, Self.de) else { Issue.record("\(outcome.results)"); return }
        #expect(outcome.incidents.map(\.kind) == [.policyBlock])
        #expect(model.requests.count == 1, "nothing is translated from blocked copy")
    }

    @Test func aComplianceFailureGoesToLegalReview() async throws {
        let green = Self.goodEnglish.replacingOccurrences(of: "so the lamp fits any desk.", with: "an eco-friendly choice for any desk.")
        let outcome = try await pipeline([Self.option(ScriptedLanguageModel([.text(green)]))]).run(Self.lamp)
        guard case .review(let review)? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(review.reason == .legal)
        #expect(review.why.contains("generic-environmental-claims"))
    }

    @Test func aTimeoutIsRetriedWithAShorterPrompt() async throws {
        let clock = ManualClock()
        let model = ScriptedLanguageModel([.slow(.seconds(5), Self.goodEnglish), .text(Self.goodEnglish)], clock: clock)
        let references = StaticReferences(text: "Competitor text about a lamp.")
        let pipeline = pipeline([Self.option(model)], references: references, timeout: .seconds(1), clock: clock)
        let running = Task { try await pipeline.run(Self.lamp) }
        // The slow answer and the timeout both wait on the clock; the timeout comes first.
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(1))
        let outcome = try await running.value
        guard case .publish? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(model.requests.count == 2)
        #expect(model.requests[0].prompt.contains("Reference text"))
        #expect(!model.requests[1].prompt.contains("Reference text"), "the retry drops the reference")
        #expect(actions(outcome).contains("executor:generate:timeout") && actions(outcome).contains("executor:generate:ok-shorter-prompt"))
    }

    @Test func rateLimitsHonourRetryAfterAndOverloadFailsOver() async throws {
        let primary = ScriptedLanguageModel(provider: "primary", [.failure(ProviderFailure(.rateLimited, "429", retryAfter: .milliseconds(50))), .failure(ProviderFailure(.overloaded, "529"))])
        let backup = ScriptedLanguageModel(provider: "backup", [.text(Self.goodEnglish)])
        let clock = ManualClock()
        let pipeline = pipeline([Self.option(primary), Self.option(backup, "backup")], clock: clock)
        let running = Task { try await pipeline.run(Self.lamp) }
        // The wait the 429 asks for is slept on the clock: advance it until the run is done.
        var spins = 0
        while primary.requests.count < 2, spins < 1_000_000 {
            if clock.sleeping > 0 { clock.advance(by: .milliseconds(50)) }
            await Task.yield()
            spins += 1
        }
        let outcome = try await running.value
        #expect(clock.now.offset >= .milliseconds(50), "the retry waited for retry-after")
        guard case .publish? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(primary.requests.count == 2, "one retry after retry-after, then failover")
        #expect(backup.requests.count == 1)
        #expect(actions(outcome).contains("executor:generate:rate-limited") && actions(outcome).contains("executor:generate:overloaded"))
    }

    @Test func whenEveryModelFailsTheTemplateWrites() async throws {
        let down = ScriptedLanguageModel([.failure(ProviderFailure(.serverError, "500")), .text("not json at all")])
        let outcome = try await pipeline([Self.option(down)]).run(Self.lamp)
        guard case .publish(let copy, _)? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
        #expect(copy.generator.name == "template")
        let malformed = ScriptedLanguageModel([.text("Sure! Here is your copy: title Arc")])
        let second = try await pipeline([Self.option(malformed)]).run(Self.lamp)
        guard case .publish(let fallback, _)? = result(second) else { Issue.record("\(actions(second))"); return }
        #expect(fallback.generator.name == "template")
        #expect(actions(second).contains("executor:generate:malformed-response"))
    }

    @Test func aTranslationWithTheProviderDownIsDeferred() async throws {
        let model = ScriptedLanguageModel([.text(Self.goodEnglish)], then: .failure(ProviderFailure(.serverError, "503")))
        let outcome = try await pipeline([Self.option(model)], locales: [Self.en, Self.de]).run(Self.lamp)
        guard case .publish? = result(outcome), case .deferred(let reason)? = result(outcome, Self.de) else { Issue.record("\(outcome.results)"); return }
        #expect(reason == "every provider failed")
    }

    @Test func wrongLanguageGoesToTranslatorReview() async throws {
        let model = ScriptedLanguageModel([.text(Self.goodEnglish), .text(Self.goodEnglish)])
        let outcome = try await pipeline([Self.option(model)], locales: [Self.en, Self.de]).run(Self.lamp)
        guard case .review(let review)? = result(outcome, Self.de) else { Issue.record("\(outcome.results)"); return }
        #expect(review.reason == .translationQuality)
    }

    @Test func overBudgetTakesTheCheaperModelThenTheTemplate() async throws {
        let expensive = ScriptedLanguageModel(provider: "big", [])
        let cheap = ScriptedLanguageModel(provider: "small", [.text(Self.goodEnglish)])
        let outcome = try await pipeline([Self.option(expensive, "big", input: 200, output: 800), Self.option(cheap, "small", input: 0.2, output: 1)]).run(Self.lamp)
        #expect(expensive.requests.isEmpty && cheap.requests.count == 1)
        #expect(actions(outcome).contains("planner:choose-route:cheaper-model"))

        let outcomeOverCap = try await pipeline([Self.option(expensive, "big", input: 200, output: 800)]).run(Self.lamp)
        #expect(actions(outcomeOverCap).contains("planner:choose-route:template"))
        guard case .publish(let copy, _)? = result(outcomeOverCap) else { Issue.record("\(actions(outcomeOverCap))"); return }
        #expect(copy.generator.name == "template")

        let exhausted = try await pipeline([Self.option(cheap)], budget: CostBudget(daily: 1)).run(Self.lamp, spend: .init(today: 1, month: 1))
        #expect(exhausted.trace.steps.first { $0.action == "choose-route" }?.detail["reason"] == "budget exhausted")
    }

    @Test func aFailingReferenceFetchIsRetriedThreeTimesThenTheGenericPromptIsUsed() async throws {
        let references = FlakyReferences(failures: 10)
        let model = ScriptedLanguageModel([.text(Self.goodEnglish)])
        let outcome = try await pipeline([Self.option(model)], references: references).run(Self.lamp)
        #expect(references.calls == 4)
        #expect(outcome.trace.steps.filter { $0.action == "fetch-reference" }.map(\.outcome) == ["retry", "retry", "retry", "failed"])
        #expect(model.requests.first.map { !$0.prompt.contains("Reference text") } == true)

        let recovering = FlakyReferences(failures: 2)
        _ = try await pipeline([Self.option(ScriptedLanguageModel([.text(Self.goodEnglish)]))], references: recovering).run(Self.lamp)
        #expect(recovering.calls == 3)
    }

    @Test func imagesAreReadByAVisionModelButGroundNothingByDefault() async throws {
        var product = Self.lamp
        product.attributes["image"] = .media("https://cdn.example/arc.jpg")
        let model = ScriptedLanguageModel(vision: true, [
            .text(#"{"attributes": [{"code": "Shade shape", "value": "dome", "confidence": 0.95}, {"code": "color", "value": "red", "confidence": 0.9}]}"#),
            .text(Self.goodEnglish),
        ])
        let caller = ModelCaller(gate: ProviderGate(), timeout: .seconds(5))
        let pipeline = CopyPipeline(planner: Planner(locales: [Self.en], options: [Self.option(model)], vision: caller), executor: Executor(caller: caller))
        let outcome = try await pipeline.run(product)
        #expect(model.requests.first?.imageURLs == ["https://cdn.example/arc.jpg"])
        let extraction = try #require(outcome.trace.steps.first { $0.action == "extract-attributes" })
        #expect(extraction.detail["extracted"] == "shade_shape=dome (image, 70%)", "the PIM's colour is never overridden")
        #expect(extraction.detail["grounding"] == "", "image attributes stay below the grounding confidence")
        #expect(outcome.trace.steps.contains { $0.action == "extract-from-image" && $0.costUSD > 0 })
        guard case .publish? = result(outcome) else { Issue.record("\(actions(outcome))"); return }
    }

    @Test func theOfflineDefaultPublishesEveryLocale() async throws {
        let locales = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "nb", "cs", "ja", "zh", "tr"].map { LocaleCode($0)! }
        let outcome = try await CopyPipeline.offline(locales: locales).run(Self.lamp)
        #expect(outcome.publishable.count == locales.count, "\(outcome.results.filter { if case .publish = $0.result { false } else { true } }.map { "\($0.locale) \($0.result)" }) \(outcome.trace.steps.filter { $0.agent == "evaluator" }.map { "\($0.locale ?? "") \($0.detail)" })")
        #expect(outcome.route == "template")
        #expect(outcome.trace.costUSD == 0)
    }

    @Test func providerGateNeverExceedsTheRequestsPerMinute() async throws {
        let clock = ManualClock()
        let gate = ProviderGate(limits: ["m": .init(requestsPerMinute: 3)], time: Timekeeper(clock))
        for _ in 0..<3 { try await gate.acquire("m", tokens: 10) }
        let fourth = Task { try await gate.acquire("m", tokens: 10) }
        await clock.waitForSleepers()
        // The window is a minute and a second from the first request.
        clock.advance(by: .seconds(60))
        await clock.waitForSleepers()
        clock.advance(by: .seconds(1))
        try await fourth.value
        // The next three requests fill the window again; a fifth waits.
        for _ in 0..<2 { try await gate.acquire("m", tokens: 10) }
        let fifth = Task { try await gate.acquire("m", tokens: 10) }
        await clock.waitForSleepers()
        fifth.cancel()
        #expect(await (try? fifth.value) == nil, "the window is full again")
    }

    @Test func theCircuitOpensAfterRepeatedFailuresAndAdmitsOneTrial() async {
        let clock = ManualClock()
        let gate = ProviderGate(defaultLimits: .init(failureThreshold: 2, coolDown: .seconds(30)), time: Timekeeper(clock))
        await gate.failed("m")
        #expect(await gate.admits("m"))
        await gate.failed("m")
        #expect(await !gate.admits("m"))
        clock.advance(by: .seconds(29))
        #expect(await !gate.admits("m"), "still cooling down")
        clock.advance(by: .seconds(1))
        #expect(await gate.admits("m"), "half-open: one trial")
        #expect(await !gate.admits("m"), "only one")
        await gate.succeeded("m")
        #expect(await gate.admits("m"))
    }
}

struct StaticReferences: ReferenceLibrary {
    let text: String
    func referenceText(for sku: SKU) throws -> String? { text }
}

final class FlakyReferences: ReferenceLibrary, @unchecked Sendable {
    // @unchecked: counters are guarded by `lock`.
    private let lock = NSLock()
    private var remaining: Int
    private var count = 0

    init(failures: Int) { remaining = failures }

    var calls: Int { lock.withLock { count } }

    func referenceText(for sku: SKU) throws -> String? {
        try lock.withLock {
            count += 1
            if remaining > 0 {
                remaining -= 1
                throw CatalogError(.storage, "the reference share is not mounted")
            }
            return "Reference text for \(sku)."
        }
    }
}

@Suite struct PlannerDemandTests {
    @Test func aSellingSKUsVelocityIsInTheTrace() async throws {
        let pipeline = CopyPipeline.offline(locales: [LocaleCode("en")!])
        let selling = try await pipeline.run(.fixture(), velocity: 4.3)
        #expect(selling.trace.steps.contains { $0.agent == "planner" && $0.action == "demand" && $0.detail["velocity"] == "4.3 units/day" })
        let unknown = try await pipeline.run(.fixture())
        #expect(!unknown.trace.steps.contains { $0.action == "demand" })
    }
}
