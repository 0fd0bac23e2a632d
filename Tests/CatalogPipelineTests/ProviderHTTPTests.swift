import CatalogCore
import CatalogHTTP
@testable import CatalogPipeline
import CatalogTestSupport
import Foundation
import Testing

/// The recovery table over real HTTP: the Anthropic and OpenAI-compatible providers, through
/// AsyncHTTPClient, against the fake servers on loopback.
@Suite(.serialized) struct ProviderHTTPTests {
    static let transport = AsyncHTTPTransport()
    typealias Copy = CopyPipelineTests

    // Deadlines are generous wherever a test is not about one: on a loaded 2-core VM a loopback
    // round trip has been seen to take seconds.
    func anthropic(_ server: FakeLLMServer, key: String = "test-key", timeout: Duration = .seconds(30)) -> ModelOption {
        ModelOption(model: AnthropicProvider(baseURL: server.anthropicBaseURL, apiKey: key, timeout: timeout, transport: Self.transport), name: "claude-test", price: ModelPrice(inputPerMillion: 3, outputPerMillion: 15))
    }

    func openAI(_ server: FakeLLMServer) -> ModelOption {
        ModelOption(model: OpenAICompatibleProvider(baseURL: server.openAIBaseURL, apiKey: "sk-test", transport: Self.transport), name: "gpt-test", price: ModelPrice(inputPerMillion: 0.5, outputPerMillion: 1.5))
    }

    func run(_ options: [ModelOption], locales: [LocaleCode] = [Copy.en], timeout: Duration = .seconds(30), gate: ProviderGate = ProviderGate()) async throws -> PipelineOutcome {
        let caller = ModelCaller(gate: gate, timeout: timeout, maxRetryAfter: .seconds(2))
        return try await CopyPipeline(
            planner: Planner(locales: locales, options: options),
            executor: Executor(caller: caller),
            evaluator: Evaluator(facts: FactChecker(knownBrands: ["Lumina"])),
            translation: TranslationAgent(caller: caller)
        ).run(Copy.lamp)
    }

    func first(_ outcome: PipelineOutcome, _ locale: LocaleCode = Copy.en) -> LocaleResult? {
        outcome.results.first { $0.locale == locale }?.result
    }

    func server(_ script: [FakeLLMServer.Behavior], then fallback: FakeLLMServer.Behavior? = nil) async throws -> FakeLLMServer {
        let server = FakeLLMServer(script, then: fallback)
        try await server.start()
        return server
    }

    @Test func anthropicCopyIsPublishedWithUsageInTheTrace() async throws {
        let fake = try await server([.copy(Copy.goodEnglish), .copy(Copy.goodGerman)])
        defer { Task { await fake.stop() } }
        let outcome = try await run([anthropic(fake)], locales: [Copy.en, Copy.de])
        guard case .publish? = first(outcome), case .publish? = first(outcome, Copy.de) else { Issue.record("\(outcome.results)"); return }
        #expect(fake.requests.count == 2 && fake.requests.allSatisfy { $0.problems.isEmpty })
        #expect(fake.requests[0].headers["anthropic-version"] == "2023-06-01")
        let call = try #require(outcome.trace.steps.first { $0.agent == "executor" && $0.provider == "anthropic" })
        #expect(call.inputTokens > 0 && call.outputTokens > 0 && call.costUSD > 0 && call.model == "claude-test")
    }

    @Test func theFakeRejectsMalformedRequestsAsTheAPIDoes() async throws {
        let fake = try await server([], then: .copy(Copy.goodEnglish))
        defer { Task { await fake.stop() } }
        let outcome = try await run([anthropic(fake, key: "")])
        #expect(fake.requests.first?.problems == ["x-api-key header missing"])
        #expect(outcome.trace.steps.contains { $0.outcome == "rejected" && ($0.detail["error"] ?? "").contains("answered 400: x-api-key header missing") })
        guard case .publish(let copy, _)? = first(outcome) else { Issue.record("\(outcome.results)"); return }
        #expect(copy.generator.name == "template", "a rejected request fails over, here to the template")
    }

    @Test func rateLimitedRequestsHonourRetryAfter() async throws {
        let fake = try await server([.status(429, retryAfter: 0.2), .copy(Copy.goodEnglish)])
        defer { Task { await fake.stop() } }
        let outcome = try await run([openAI(fake)])
        guard case .publish(let copy, _)? = first(outcome) else { Issue.record("\(outcome.trace.steps)"); return }
        #expect(copy.generator == GeneratorIdentity(name: "llm:openai-compatible/gpt-test", version: "1.0.0"))
        #expect(fake.requests.count == 2 && fake.requests.allSatisfy { $0.path == "/v1/chat/completions" && $0.problems.isEmpty })
        #expect(outcome.trace.steps.contains { $0.outcome == "rate-limited" && $0.detail["recovery"] == "retry after 0.2 seconds" })
    }

    @Test func overloadedPrimaryFailsOverToTheBackup() async throws {
        let primary = try await server([.status(529)])
        let backup = try await server([.copy(Copy.goodEnglish)])
        defer { Task { await primary.stop(); await backup.stop() } }
        let outcome = try await run([anthropic(primary), openAI(backup)])
        guard case .publish? = first(outcome) else { Issue.record("\(outcome.trace.steps)"); return }
        #expect(primary.requests.count == 1 && backup.requests.count == 1)
        #expect(outcome.trace.steps.contains { $0.provider == "anthropic" && $0.outcome == "overloaded" })
    }

    @Test func serverErrorsAndMalformedBodiesEndAtTheTemplate() async throws {
        let broken = try await server([.status(500), .malformedJSON])
        let garbled = try await server([.malformedJSON])
        defer { Task { await broken.stop(); await garbled.stop() } }
        let outcome = try await run([anthropic(broken), openAI(garbled)])
        guard case .publish(let copy, _)? = first(outcome) else { Issue.record("\(outcome.trace.steps)"); return }
        #expect(copy.generator.name == "template")
        #expect(outcome.trace.steps.map(\.outcome).contains("server-error") && outcome.trace.steps.map(\.outcome).contains("malformed-response"))
    }

    @Test func aSlowProviderIsRetriedWithAShorterPrompt() async throws {
        // The first answer never comes in time; the retry's comes at once, well within 3 s.
        let fake = try await server([.slow(.seconds(120), Copy.goodEnglish), .copy(Copy.goodEnglish)])
        defer { Task { await fake.stop() } }
        let outcome = try await run([anthropic(fake, timeout: .seconds(3))])
        guard case .publish? = first(outcome) else { Issue.record("\(outcome.trace.steps)"); return }
        #expect(outcome.trace.steps.contains { $0.outcome == "timeout" && $0.detail["recovery"] == "retry with a shorter prompt" })
        #expect(outcome.trace.steps.contains { $0.outcome == "ok-shorter-prompt" })
    }

    @Test func hallucinationsPIIAndPolicyOverHTTP() async throws {
        let invented = Copy.goodEnglish.replacingOccurrences(of: "weighs 1.2 kg", with: "weighs only 900 g")
        let leaking = Copy.goodEnglish.replacingOccurrences(of: "so the lamp fits any desk.", with: "so the lamp fits any desk. Call +49 30 1234567.")
        let curing = Copy.goodEnglish.replacingOccurrences(of: "so the lamp fits any desk.", with: "its light cures headaches.")
        let fake = try await server([.copy(invented), .copy(Copy.goodEnglish), .copy(leaking), .copy(curing)])
        defer { Task { await fake.stop() } }

        let regenerated = try await run([anthropic(fake)])
        guard case .publish? = first(regenerated) else { Issue.record("\(regenerated.trace.steps)"); return }
        #expect(fake.requests[1].body.contains("the attributes do not support: 900 g"))

        let redacted = try await run([anthropic(fake)])
        guard case .review(let review)? = first(redacted) else { Issue.record("\(redacted.trace.steps)"); return }
        #expect(review.reason == .personalData && review.copy.bodyHTML.contains("[phone]") && redacted.incidents.map(\.kind) == [.piiInOutput])

        let blocked = try await run([anthropic(fake)])
        guard case .blocked? = first(blocked) else { Issue.record("\(blocked.trace.steps)"); return }
    }

    @Test func wrongLanguageAndTranslationOutagesOverHTTP() async throws {
        let fake = try await server([.copy(Copy.goodEnglish), .copy(Copy.goodEnglish), .copy(Copy.goodEnglish)], then: .status(503))
        defer { Task { await fake.stop() } }
        let wrong = try await run([openAI(fake)], locales: [Copy.en, Copy.de])
        guard case .review(let review)? = first(wrong, Copy.de) else { Issue.record("\(wrong.results)"); return }
        #expect(review.reason == .translationQuality)
        let deferred = try await run([openAI(fake)], locales: [Copy.en, Copy.de])
        guard case .deferred? = first(deferred, Copy.de) else { Issue.record("\(deferred.results)"); return }
    }

    /// Issue 10: every answer of both providers garbled on the way back (cut short, a flipped
    /// byte, an HTML page, an empty body, the wrong JSON type, a key missing). Each run still
    /// ends with copy or a review item (the template is the last resort), never a crash, and a
    /// call that failed is in the trace unbilled.
    @Test func garbledProviderAnswersFailOverAndAreNotBilled() async throws {
        let fake = try await server([], then: .copy(Copy.goodEnglish))
        defer { Task { await fake.stop() } }
        let garbling = GarblingTransport(Self.transport, rate: 1, seed: 12)
        let options = [
            ModelOption(model: AnthropicProvider(baseURL: fake.anthropicBaseURL, apiKey: "test-key", timeout: .seconds(5), transport: garbling), name: "claude-test", price: ModelPrice(inputPerMillion: 3, outputPerMillion: 15)),
            ModelOption(model: OpenAICompatibleProvider(baseURL: fake.openAIBaseURL, apiKey: "sk-test", transport: garbling), name: "gpt-test", price: ModelPrice(inputPerMillion: 0.5, outputPerMillion: 1.5)),
        ]
        var templates = 0
        for _ in 0..<6 {
            let outcome = try await run(options)
            switch first(outcome) {
            case .publish(let copy, _)?: if copy.generator.name == "template" { templates += 1 }
            case .review?: break
            default: Issue.record("neither copy nor a review: \(outcome.results)")
            }
            let failed = outcome.trace.steps.filter { ($0.provider == "anthropic" || $0.provider == "openai-compatible") && !$0.outcome.hasPrefix("ok") }
            #expect(failed.allSatisfy { $0.costUSD == 0 && $0.inputTokens == 0 }, "a failed call is not billed")
        }
        #expect(templates > 0, "garbled answers end in the template")
        #expect(garbling.garbled.values.reduce(0, +) >= 8, "\(garbling.garbled)")
    }

    /// Issue 25: structured output where the API offers it, read strictly.
    @Test func copyIsAskedForAsStructuredOutputTheWayEachAPIDocumentsIt() async throws {
        let fake = try await server([], then: .copy(Copy.goodEnglish))
        defer { Task { await fake.stop() } }
        for option in [anthropic(fake), openAI(fake)] {
            let outcome = try await run([option])
            guard case .publish(let copy, _)? = first(outcome) else { Issue.record("\(outcome.trace.steps)"); continue }
            #expect(copy.generator.name.hasPrefix("llm:"))
        }
        #expect(fake.requests.count == 2 && fake.requests.allSatisfy { $0.problems.isEmpty }, "\(fake.requests.map(\.problems))")
        let anthropicBody = try #require(try JSONSerialization.jsonObject(with: Data(fake.requests[0].body.utf8)) as? [String: Any])
        #expect((anthropicBody["tools"] as? [[String: Any]])?.first?["name"] as? String == "product_copy")
        #expect((anthropicBody["tool_choice"] as? [String: Any])?["name"] as? String == "product_copy")
        let openAIBody = try #require(try JSONSerialization.jsonObject(with: Data(fake.requests[1].body.utf8)) as? [String: Any])
        let format = try #require(openAIBody["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        #expect((format["json_schema"] as? [String: Any])?["strict"] as? Bool == true)
    }

    /// The fake holds requests to the documented rules, so a schema strict mode would refuse
    /// is refused here too.
    @Test func theFakeRefusesASchemaStrictModeWouldRefuse() {
        let loose: [String: Any] = ["type": "object", "properties": ["title": ["type": "string"], "keywords": ["type": "array"]], "required": ["title"]]
        let problems = FakeLLMServer.strictSchemaProblems(loose, path: "schema")
        #expect(problems.contains("schema.required: strict mode requires every property"))
        #expect(problems.contains("schema.additionalProperties: strict mode requires false"))
        #expect(FakeLLMServer.strictSchemaProblems(CopyPayload.output.schema.foundationObject, path: "schema").isEmpty)
        #expect(FakeLLMServer.validName("product_copy") && !FakeLLMServer.validName("product copy"))
    }

    /// An answer cut off at max_tokens (stop_reason / finish_reason) is a failure of that
    /// provider: its circuit counts it, the next provider writes, and the tokens it used are
    /// charged to the failed call.
    @Test func anAnswerCutOffAtTheOutputLimitFailsOverAndIsChargedAsAFailedCall() async throws {
        for primaryIsAnthropic in [true, false] {
            let primary = try await server([.truncated(Copy.goodEnglish)], then: .copy(Copy.goodEnglish))
            let backup = try await server([], then: .copy(Copy.goodEnglish))
            defer { Task { await primary.stop(); await backup.stop() } }
            let options = primaryIsAnthropic ? [anthropic(primary), openAI(backup)] : [openAI(primary), anthropic(backup)]
            let gate = ProviderGate(defaultLimits: .init(failureThreshold: 1, coolDown: .seconds(600)))
            let outcome = try await run(options, gate: gate)
            guard case .publish(let copy, _)? = first(outcome) else { Issue.record("\(outcome.trace.steps)"); continue }
            #expect(copy.generator == options[1].generator, "the backup wrote the copy, not the template")
            let cut = try #require(outcome.trace.steps.first { $0.agent == "executor" && $0.outcome == "truncated" })
            #expect(cut.provider == options[0].model.provider && cut.detail["recovery"] == "failover")
            #expect(cut.inputTokens > 0 && cut.outputTokens > 0 && cut.costUSD > 0, "charged as a failed call")
            #expect(await gate.isOpen(options[0].label), "the circuit counted the failure")
            #expect(primary.requests.count == 1 && backup.requests.count == 1)
        }
    }

    /// A complete answer that is not the object asked for (cut-off JSON, a missing field,
    /// prose) is the same: failover, charged, and the template only when every provider failed.
    @Test func anAnswerThatIsNotTheRequestedObjectFailsOverToTheTemplateLast() async throws {
        let cut = String(Copy.goodEnglish.prefix(Copy.goodEnglish.count - 10))
        let primary = try await server([.copy(cut)])
        let backup = try await server([.copy(#"{"title": "Arc", "body_html": "<p>Arc</p>"}"#)])
        defer { Task { await primary.stop(); await backup.stop() } }
        let outcome = try await run([openAI(primary), anthropic(backup)])
        guard case .publish(let copy, _)? = first(outcome) else { Issue.record("\(outcome.trace.steps)"); return }
        #expect(copy.generator.name == "template")
        #expect(outcome.trace.steps.first { $0.outcome == "malformed-response" }?.detail["error"]?.contains("cut off or garbled") == true)
        let failed = outcome.trace.steps.filter { $0.agent == "executor" && $0.outcome == "malformed-response" }
        #expect(failed.count == 2, "\(outcome.trace.steps.map { "\($0.agent):\($0.action):\($0.outcome):\($0.provider ?? "")" })")
        #expect(failed.allSatisfy { $0.costUSD > 0 && $0.outputTokens > 0 })
        #expect(failed.last?.detail["error"]?.contains("meta_title: a string is required") == true, "\(failed.last?.detail ?? [:])")
        #expect(outcome.trace.steps.contains { $0.outcome == "template" && $0.detail["reason"] == "every model failed" })
    }
}
