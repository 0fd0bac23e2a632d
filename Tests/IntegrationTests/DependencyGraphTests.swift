import Foundation
import Testing

/// `catalogctl` runs on operators' shells and in scripts: it must not carry the daemon's server
/// stack. The Swift modules a binary links leave their names in its symbols and metadata, so
/// the built executables are read for them; `catalogd` is read too, so the check is known to
/// see what it looks for.
@Suite struct DependencyGraphTests {
    static let serverModules = ["Hummingbird", "Prometheus", "CatalogAdmin"]

    static func modules(in name: String) throws -> Set<String> {
        let binary = try Data(contentsOf: Executables.url(name), options: .alwaysMapped)
        return Set(serverModules.filter { binary.range(of: Data($0.utf8)) != nil })
    }

    @Test func catalogctlLinksNoHTTPServer() throws {
        #expect(try Self.modules(in: "catalogd") == Set(Self.serverModules), "catalogd serves the admin port and metrics")
        #expect(try Self.modules(in: "catalogctl").isEmpty, "catalogctl links the daemon's server stack")
    }
}
