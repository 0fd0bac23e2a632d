import CatalogCore
import CatalogHTTP
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// The real daemon generating through an OpenAI-compatible provider (the fake server on
/// loopback): copy, trace, cost ledger, and a key that never appears in the log.
@Suite(.serialized) struct LLMDaemonTests {
    let directory = TemporaryDirectory("catalogd-llm")
    var state: URL { directory.path("state") }

    static let english = ScriptedLanguageModel.copy(
        title: "Item A-1 by Northpeak",
        body: "<p>Item A-1 by Northpeak is sturdy and made for rainy days.</p><ul><li>Colour: blue</li><li>Weight: 250 g</li></ul><p>Take it along on every walk, in town or on the trail, whatever the weather.</p>",
        metaTitle: "Item A-1 | Northpeak",
        metaDescription: "Item A-1 by Northpeak: a sturdy blue item of 250 g made for rainy days, for every walk in town or on the trail, whatever the weather.",
        keywords: ["item"]
    )
    static let german = ScriptedLanguageModel.copy(
        title: "Artikel A-1 von Northpeak",
        body: "<p>Der Artikel A-1 von Northpeak ist robust und für Regentage gemacht.</p><ul><li>Farbe: blau</li><li>Gewicht: 250 g</li></ul><p>Er begleitet Sie auf jedem Weg, in der Stadt und auf dem Pfad, bei jedem Wetter.</p>",
        metaTitle: "Artikel A-1 | Northpeak",
        metaDescription: "Artikel A-1 von Northpeak: ein robuster blauer Artikel mit 250 g für Regentage, für jeden Weg in der Stadt und auf dem Pfad, bei jedem Wetter.",
        keywords: ["artikel"]
    )

    @Test func generatesThroughAProviderAndLedgersTheCost() async throws {
        let fake = FakeLLMServer([.copy(Self.english), .copy(Self.german)], then: .status(503))
        try await fake.start()
        defer { Task { await fake.stop() } }
        let key = try directory.write("openai.key", "sk-test-0123456789\n")
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [generation]
            generator = "llm"
            locales = ["en", "de"]
            [[generation.provider]]
            kind = "openai-compatible"
            model = "gpt-test"
            base_url = "\(fake.openAIBaseURL)"
            api_key_file = "\(key.path)"
            input_price_per_million = 2.5
            output_price_per_million = 10
            requests_per_minute = 60
            [admin]
            listen = "127.0.0.1:0"
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        try directory.write("state/inbox/one.csv", AkeneoCSV.catalog(skus: ["A-1"]).text)
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try await eventually("A-1 is generated") { try await database.copyLedger.pipelineRuns(for: SKU("A-1")!).count == 1 }

        let run = try await #require(try database.copyLedger.pipelineRuns(for: SKU("A-1")!).first)
        #expect(run.summary == "2 published", "\(run.steps.map { "\($0.agent) \($0.action) \($0.outcome) \($0.detail)" })")
        #expect(run.route == "openai-compatible/gpt-test")
        #expect(run.costUSD > 0)
        #expect(fake.requests.count == 2 && fake.requests.allSatisfy { $0.problems.isEmpty && $0.headers["authorization"] == "Bearer sk-test-0123456789" })
        let costs = try await Executables.json("catalogctl", ["costs", "--by", "model", "--config", config.path])
        #expect((costs["today"] as? Double ?? 0) > 0)
        #expect(((costs["lines"] as? [[String: Any]])?.first?["key"] as? String) == "openai-compatible/gpt-test")
        let admin = try #require(daemon.adminURL)
        let transport = AsyncHTTPTransport()
        let metrics = String(decoding: try await transport.send(HTTPRequestSpec(url: admin + "/metrics")).body, as: UTF8.self)
        try await transport.shutdown()
        #expect(metrics.contains(#"catalogd_provider_calls{route="openai-compatible/gpt-test"} 2"#), "\(metrics.prefix(2000))")
        #expect(metrics.contains(#"catalogd_provider_outcomes_24h{route="openai-compatible/gpt-test",outcome="#))
        try await eventually("both locales reach the manual queue") { try await database.status().manualQueueOpen == 2 }

        // The registry: the configured model is active; promoting the template takes the
        // provider out of the route, and a rollback puts it back.
        let listed = try await Executables.run("catalogctl", ["generators", "list", "--config", config.path]).output
        #expect(listed.contains("* llm:openai-compatible/gpt-test@1.0.0  active  openai-compatible/gpt-test  prompt v1  2 generation(s)"), "\(listed)")
        #expect(listed.contains("  template@1  candidate"))
        #expect(try await Executables.run("catalogctl", ["generators", "promote", "template@1", "--config", config.path]).status == 0)
        #expect(try await Executables.run("catalogctl", ["regenerate", "A-1", "--config", config.path]).status == 0)
        try await eventually("A-1 is generated by the template") { try await database.copyLedger.pipelineRuns(for: SKU("A-1")!).first?.route == "template" }
        #expect(fake.requests.count == 2, "no provider call after the template was promoted")
        let rollback = try await Executables.json("catalogctl", ["generators", "rollback", "--config", config.path])
        #expect(rollback["active"] as? String == "llm:openai-compatible/gpt-test@1.0.0")
        #expect(try await Executables.run("catalogctl", ["generators", "promote", "nope@9", "--config", config.path]).status == 64)

        #expect(try await daemon.stop() == 0)
        #expect(!daemon.log.contains("sk-test-0123456789"), "the key is never logged")
        #expect(daemon.log.contains("providers=openai-compatible/gpt-test"))
    }
}
