import CatalogCore
import CatalogHTTP
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// The review queue through the real daemon: `catalogctl review` from a terminal, and the
/// admin port's pages in headless Chromium driven from the keyboard (list, open, approve),
/// with screenshots.
@Suite(.serialized) struct ReviewPagesTests {
    let directory = TemporaryDirectory("catalogd-review")
    var state: URL { directory.path("state") }
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func seeded() async throws -> CatalogDatabase {
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try await database.seedReviewItems(skus: ["A-1", "B-2", "C-3"], target: "manual")
        return database
    }

    @Test func catalogctlShowsEditsAndDecides() async throws {
        let database = try await seeded()
        let ids = try await database.review.reviewItems().map(\.id)
        let common = ["--state-dir", state.path]

        let show = try await Executables.run("catalogctl", ["review", "show", "\(ids[0])", "--width", "100"] + common)
        #expect(show.status == 0)
        #expect(show.output.contains("CURRENT (published)") && show.output.contains("PROPOSED"))
        #expect(show.output.contains("{+waterproof,+}") || show.output.contains("{+sturdy, waterproof+}"), "\(show.output)")
        let shown = try await Executables.json("catalogctl", ["review", "show", "\(ids[0])"] + common)
        #expect((shown["current"] as? [String: Any])?["title"] as? String == "Old A-1")

        let edit = try directory.write("edit.txt", """
            == title ==
            Rain A-1
            == meta title ==
            Rain A-1
            == meta description ==
            Stays dry on wet paths.
            == body (HTML) ==
            <p>A water-resistant jacket for rainy days.</p>
            """)
        let edited = try await Executables.run("catalogctl", ["review", "edit", "\(ids[0])", "--from", edit.path] + common)
        #expect(edited.status == 0, "\(edited.output)")
        let pii = try directory.write("pii.txt", try String(contentsOf: edit, encoding: .utf8).replacingOccurrences(of: "rainy days.", with: "rainy days. Call +49 170 1234567."))
        let refused = try await Executables.run("catalogctl", ["review", "edit", "\(ids[0])", "--from", pii.path] + common)
        #expect(refused.status != 0, "an edit with a phone number is refused")

        let approved = try await Executables.json("catalogctl", ["review", "approve", "\(ids[0])"] + common)
        #expect((approved["item"] as? [String: Any])?["state"] as? String == "approved")
        #expect(try await Executables.run("catalogctl", ["review", "reject", "\(ids[1])", "--note", "not waterproof"] + common).status == 0)
        #expect(try await Executables.run("catalogctl", ["review", "approve", "\(ids[1])"] + common).status != 0, "a rejected item cannot be approved")
        #expect(try await Executables.json("catalogctl", ["review", "assign", "\(ids[2])", "bob"] + common)["assignedTo"] as? String == "bob")

        let waiting = try await database.outbox.waitingItems(target: "manual")
        #expect(waiting.map(\.copy.title) == ["Rain A-1"], "only the approved edit is queued")
        let actions = try await database.auditEvents(limit: 10).map(\.action)
        #expect(Set(actions).isSuperset(of: ["review.edit", "review.approve", "review.reject", "review.assign"]))
    }

    @Test func aReviewerApprovesFromTheKeyboardInHeadlessChromium() async throws {
        let database = try await seeded()
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [admin]
            listen = "127.0.0.1:0"
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the admin port is up") { daemon.adminURL != nil }
        let base = try #require(daemon.adminURL)
        let shots = ProcessInfo.processInfo.environment["CATALOGD_SCREENSHOTS"].map { URL(fileURLWithPath: $0) } ?? directory.path("screenshots")
        let script = Self.packageRoot.appendingPathComponent("scripts/browser-review.py")
        let result = try await Executables.run(executable: URL(fileURLWithPath: "/usr/bin/python3"), [script.path, base, shots.path])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
        #expect(summary["error"] == nil, "\(summary)")
        #expect(summary["list_items"] as? [String] == ["A-1", "B-2", "C-3"])
        #expect(summary["focused"] as? String == "#1", "the first item has the focus")
        #expect(summary["item_url"] as? String == "/review/1")
        #expect((summary["item_inserted"] as? String)?.contains("waterproof") == true)
        #expect((summary["after_notice"] as? String)?.contains("#1 approved") == true, "\(summary)")
        #expect((summary["after_url"] as? String)?.hasPrefix("/review/2?done=") == true, "the next open item follows")
        for name in ["review-list.png", "review-item.png", "review-approved.png"] {
            let png = try Data(contentsOf: shots.appendingPathComponent(name))
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "\(name) is a real screenshot")
        }
        let decided = try await #require(try database.review.reviewDetail(id: 1, target: "manual"))
        #expect(decided.item.state == "approved" && decided.decidedBy == "web:Ana")
        #expect(try await daemon.stop() == 0)
    }

    /// With a token, every page but the health checks asks for it; browsers sign in once; a
    /// decision without the page's form token is refused.
    @Test func theTokenGuardsEveryPageButTheHealthChecks() async throws {
        _ = try await seeded()
        let token = try directory.write("admin-token", "s3cret-token\n")
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [admin]
            listen = "127.0.0.1:0"
            token_file = "\(token.path)"
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the admin port is up") { daemon.adminURL != nil }
        let base = try #require(daemon.adminURL)
        let http = AsyncHTTPTransport(followRedirects: false)
        func get(_ path: String, _ headers: [(name: String, value: String)] = []) async throws -> HTTPResponseSpec {
            try await http.send(HTTPRequestSpec(url: base + path, headers: headers))
        }
        #expect(try await get("/healthz").status == 200)
        #expect(try await get("/metrics").status == 401)
        let page = try await get("/review")
        #expect(page.status == 401 && String(decoding: page.body, as: UTF8.self).contains("Admin token"))
        #expect(try await get("/review", [("Authorization", "Bearer wrong")]).status == 401)
        #expect(try await get("/review", [("Authorization", "Bearer s3cret-token")]).status == 200)
        #expect(try await get("/metrics", [("Authorization", "Bearer s3cret-token")]).status == 200)

        let login = try await http.send(HTTPRequestSpec(
            method: "POST", url: base + "/login", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("token=s3cret-token".utf8)
        ))
        #expect(login.status == 303)
        let cookie = try #require(login.header("Set-Cookie")?.split(separator: ";").first.map(String.init))
        #expect(try await get("/review/1", [("Cookie", cookie)]).status == 200)

        let forged = try await http.send(HTTPRequestSpec(
            method: "POST", url: base + "/review/1/approve",
            headers: [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")], body: Array("reviewer=mallory&form_token=guess".utf8)
        ))
        #expect(forged.status == 403, "a post without the page's form token is refused")
        await #expect(try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path).review.reviewDetail(id: 1, target: "manual")?.item.state == "open")
        try await http.shutdown()
        #expect(try await daemon.stop() == 0)
    }

    /// A snapshot the mass-deletion guard held is decided from the queue page.
    @Test func aHeldImportIsAppliedFromTheQueuePage() async throws {
        let full = try directory.write("full.csv", AkeneoCSV.catalog(skus: (1...10).map { "S-\($0)" }).text)
        #expect(try await Executables.run("catalogctl", ["import", full.path, "--state-dir", state.path]).status == 0)
        let truncated = try directory.write("truncated.csv", AkeneoCSV.catalog(skus: ["S-1"]).text)
        #expect(try await Executables.run("catalogctl", ["import", truncated.path, "--state-dir", state.path]).status == 3)
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [admin]
            listen = "127.0.0.1:0"
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the admin port is up") { daemon.adminURL != nil }
        let base = try #require(daemon.adminURL)
        let http = AsyncHTTPTransport(followRedirects: false)
        let page = String(decoding: try await http.send(HTTPRequestSpec(url: base + "/review")).body, as: UTF8.self)
        #expect(page.contains("Import #2") && page.contains("would remove 9 of 10"), "\(page)")
        let token = try #require(page.range(of: #"name="form_token" value=""#).map { String(page[$0.upperBound...].prefix(32)) })
        let form = [("Content-Type", "application/x-www-form-urlencoded")]
        let refused = try await http.send(HTTPRequestSpec(method: "POST", url: base + "/imports/2/reject", headers: form, body: Array("form_token=\(token)&reviewer=ana&note=".utf8)))
        #expect(refused.status == 409, "a rejection needs a note")
        let approved = try await http.send(HTTPRequestSpec(method: "POST", url: base + "/imports/2/approve", headers: form, body: Array("form_token=\(token)&reviewer=ana".utf8)))
        #expect(approved.status == 303)
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        await #expect(try database.status().products == 1, "the snapshot was applied, removals included")
        await #expect(try database.auditEvents(limit: 3).contains { $0.action == "import.approve" && $0.actor == "web:ana" })
        try await http.shutdown()
        #expect(try await daemon.stop() == 0)
    }
}
