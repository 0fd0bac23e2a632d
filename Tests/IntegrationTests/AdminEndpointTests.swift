import CatalogCore
import CatalogHTTP
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// The admin port of the real daemon: /readyz, /healthz and Prometheus /metrics with bounded
/// labels and the counts of what happened.
@Suite(.serialized) struct AdminEndpointTests {
    let directory = TemporaryDirectory("catalogd-admin")
    var state: URL { directory.path("state") }

    @Test func metricsHealthAndReadiness() async throws {
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [admin]
            listen = "127.0.0.1:0"
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the admin port is up") { daemon.log.contains("admin endpoints on http://127.0.0.1:") }
        let base = try #require(daemon.adminURL)
        let transport = AsyncHTTPTransport()
        func get(_ path: String) async throws -> (Int, String) {
            let response = try await transport.send(HTTPRequestSpec(url: base + path, timeout: .seconds(5)))
            return (response.status, String(decoding: response.body, as: UTF8.self))
        }
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        #expect(try await get("/readyz").0 == 200)
        #expect(try await get("/healthz") == (200, "ok\n"))

        try directory.write("state/inbox/export.csv", AkeneoCSV.catalog(skus: ["A-1", "B-2"]).text)
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try await eventually("the copy is queued for a person") { try await database.status().manualQueueOpen == 6 }
        // The counters are bumped right after the rows are written: scrape until they caught up.
        var (status, metrics) = try await get("/metrics")
        let deadline = ContinuousClock.now + .seconds(30)
        while !metrics.contains(#"catalogd_publish_results_total{target="manual",outcome="manual"} 6"#), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            (status, metrics) = try await get("/metrics")
        }
        #expect(status == 200)
        for line in [
            #"catalogd_imports_total{outcome="applied"} 1"#,
            "catalogd_import_rows_total 2",
            #"catalogd_generation_runs_total{outcome="ok"} 2"#,
            #"catalogd_publish_results_total{target="manual",outcome="manual"} 6"#,
            "catalogd_manual_queue_open 6",
            "catalogd_products 2",
            #"catalogd_generation_queue{priority="inventory"} 0"#,
        ] {
            #expect(metrics.contains(line), "missing \(line)")
        }
        #expect(metrics.contains(#"catalogd_stage_duration_seconds_bucket{stage="ingest""#))
        #expect(metrics.contains(#"catalogd_stage_duration_seconds_count{stage="generate"} 2"#))
        #expect(!metrics.contains("A-1"), "no SKU labels")
        try await transport.shutdown()
        #expect(try await daemon.stop() == 0)
    }
}
