import CatalogConfiguration
import CatalogTestSupport
import Foundation
import Testing

/// The unit files, sysusers.d and tmpfiles.d as systemd itself reads them (offline, no running
/// systemd needed): `systemd-analyze verify`, the security exposure, and the users, groups and
/// folders they create.
@Suite struct SystemdUnitTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let units = ["catalogd.service", "catalogd@.service"]
    let directory = TemporaryDirectory("systemd-units")

    /// Runs a systemd tool; .ci/run installs the `systemd` package, so a missing tool fails.
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String)? {
        guard let path = ["/usr/bin/\(tool)", "/bin/\(tool)"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("\(tool) is not installed (Debian package systemd)")
            return nil
        }
        let (termination, output) = try ChildProcess.run(URL(fileURLWithPath: path), arguments, errors: .intoOutput)
        return (termination.status, output)
    }

    /// The units with ExecStart pointing at the built binary (verify checks it exists).
    func stagedUnit(_ name: String) throws -> URL {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("systemd/\(name)"), encoding: .utf8)
        let binary = try Executables.url("catalogd").path
        return try directory.write(name, text.replacingOccurrences(of: "/usr/bin/catalogd", with: binary))
    }

    @Test func unitsVerify() throws {
        for unit in Self.units {
            guard let result = try Self.run("systemd-analyze", ["verify", "--man=no", try stagedUnit(unit).path]) else { return }
            #expect(result.status == 0 && result.output.isEmpty, "\(unit): \(result.output)")
        }
    }

    /// Issue 26: a daemon that fails at start ("the volume is read only") restarted every 5 s
    /// forever. The units give up after five starts in five minutes; the limits belong in
    /// [Unit], where systemd reads them (in [Service] they are ignored with a warning).
    @Test func aDaemonThatCannotStartEndsFailedInsteadOfLooping() throws {
        for unit in Self.units {
            let text = try String(contentsOf: Self.repository.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
            let unitSection = text.components(separatedBy: "[Service]")[0]
            #expect(unitSection.contains("StartLimitIntervalSec=300") && unitSection.contains("StartLimitBurst=5"), "\(unit)")
            #expect(text.contains("Restart=on-failure") && text.contains("RestartSec=5s"), "five restarts 5 s apart fit in the interval: \(unit)")
        }
    }

    /// Issue 26: `LoadCredential=catalogd:/etc/catalogd/credentials` loads a directory
    /// recursively, and the tenants' directories were inside it, so catalogd.service received
    /// every tenant's secrets. And `ExecReload=/bin/kill -HUP` returned before the reload was
    /// done, 0 even when it was rejected.
    @Test func noUnitLoadsAnothersSecretsAndReloadWaitsForTheAnswer() throws {
        var sources: [String: String] = [:]
        for unit in Self.units {
            let text = try String(contentsOf: Self.repository.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init)
            let load = try #require(lines.first { $0.hasPrefix("LoadCredential=") })
            sources[unit] = String(load.split(separator: ":", maxSplits: 1)[1])
            #expect(lines.contains { $0.hasPrefix("Environment=CATALOGD_CREDENTIALS_SOURCE=\(sources[unit]!)") }, "\(unit) says where its secrets go")
            let reload = try #require(lines.first { $0.hasPrefix("ExecReload=") })
            #expect(reload.contains("--reload $MAINPID") && !reload.contains("kill"), "\(unit): \(reload)")
        }
        let single = try #require(sources["catalogd.service"]), tenant = try #require(sources["catalogd@.service"])
        #expect(!tenant.hasPrefix(single + "/"), "a tenant's secrets must not be inside the directory catalogd.service loads: \(single) vs \(tenant)")
        #expect(tenant.replacingOccurrences(of: "%i", with: "shop-eu") == Installation.packaged.instance(tenant: "shop-eu")?.credentialsDirectory.path)
        #expect(single == Installation.packaged.instance(configurationFile: "/etc/catalogd/catalogd.toml")?.credentialsDirectory.path)
    }

    /// The issue asks for an exposure of 1.5 or less ("OK") with the network and the state
    /// directory still available.
    @Test func unitsAreHardened() throws {
        for unit in Self.units {
            guard let result = try Self.run("systemd-analyze", ["security", "--offline=yes", "--threshold=15", try stagedUnit(unit).path]) else { return }
            #expect(result.status == 0, "\(unit): \(result.output.suffix(400))")
            let line = result.output.split(separator: "\n").last { $0.contains("Overall exposure level") } ?? ""
            let exposure = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
            #expect((exposure ?? 99) <= 1.5, "\(unit): \(line)")
        }
    }

    @Test func sysusersAndTmpfilesCreateTheUserTheDropGroupAndTheInbox() throws {
        guard getuid() == 0 else { return }  // tmpfiles sets owners: root only
        let root = directory.path("root")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        guard let users = try Self.run("systemd-sysusers", ["--root=\(root.path)", Self.repository.appendingPathComponent("systemd/sysusers.d/catalogd.conf").path]) else { return }
        #expect(users.status == 0, "\(users.output)")
        let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
        let group = try String(contentsOf: root.appendingPathComponent("etc/group"), encoding: .utf8)
        #expect(passwd.contains("catalogd:x:"))
        #expect(group.split(separator: "\n").contains { $0.hasPrefix("catalogd-drop:x:") && $0.hasSuffix(":catalogd") })

        guard let folders = try Self.run("systemd-tmpfiles", ["--create", "--root=\(root.path)", Self.repository.appendingPathComponent("systemd/tmpfiles.d/catalogd.conf").path]) else { return }
        #expect(folders.status == 0, "\(folders.output)")
        let inbox = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("var/lib/catalogd/inbox").path)
        #expect((inbox[.posixPermissions] as? Int) == 0o2770)
        // Owners are numeric ids from the root's own /etc/group, not the host's.
        let dropGID = group.split(separator: "\n").first { $0.hasPrefix("catalogd-drop:") }.flatMap { Int($0.split(separator: ":")[2]) }
        #expect((inbox[.groupOwnerAccountID] as? NSNumber)?.intValue == dropGID)
        for folder in ["etc/catalogd/credentials", "etc/catalogd/credentials.d"] {
            let credentials = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(folder).path)
            #expect((credentials[.posixPermissions] as? Int) == 0o700, "\(folder)")
        }
    }
}
