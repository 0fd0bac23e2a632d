public import Foundation

/// Where an installed catalogd keeps things, and which instance a configuration file stands
/// for. `make install` puts configurations in `/etc/catalogd` and state in `/var/lib/catalogd`;
/// there `catalogd.toml` is the single-tenant `catalogd.service` and `NAME.toml` is the tenant
/// `catalogd@NAME.service`. The daemon (under its unit) and `catalogctl` (in a shell) derive
/// the same state directory, tenant name, credential directory and admin port from that name,
/// so a copied configuration needs no edits and two tenants never share state or a port.
public struct Installation: Sendable, Equatable {
    public var configurationDirectory: URL
    public var stateRoot: URL

    public init(configurationDirectory: URL, stateRoot: URL) {
        self.configurationDirectory = configurationDirectory.standardizedFileURL
        self.stateRoot = stateRoot.standardizedFileURL
    }

    /// The layout `make install` and the Debian units use.
    public static let packaged = Installation(
        configurationDirectory: URL(fileURLWithPath: "/etc/catalogd"),
        stateRoot: URL(fileURLWithPath: "/var/lib/catalogd")
    )

    /// One daemon of an installation: the single tenant (`name` nil) or a named tenant.
    public struct Instance: Sendable, Equatable {
        public let installation: Installation
        public let name: String?

        /// The tenant name in logs and metrics: the instance's name, `default` for the single one.
        public var tenant: String { name ?? "default" }

        /// `StateDirectory=catalogd` or `catalogd/NAME`.
        public var stateDirectory: URL {
            name.map { installation.stateRoot.appendingPathComponent($0) } ?? installation.stateRoot
        }

        /// Where the unit's `LoadCredential=` reads this instance's secrets: `credentials/` for
        /// the single tenant, `credentials.d/NAME/` for a tenant. Neither holds the other, so no
        /// unit can load another's secrets.
        public var credentialsDirectory: URL {
            name.map { installation.configurationDirectory.appendingPathComponent("credentials.d").appendingPathComponent($0) }
                ?? installation.configurationDirectory.appendingPathComponent("credentials")
        }

        public var configurationFile: URL {
            installation.configurationDirectory.appendingPathComponent("\(name ?? "catalogd").toml")
        }

        /// 9464 (Prometheus' registry entry for catalogd) for the single tenant; a tenant gets a
        /// port from its name in 9465–9999, the same on every machine, so Prometheus targets can
        /// be written down. `[admin] listen` overrides it.
        public var adminPort: Int {
            guard let name else { return 9464 }
            var hash: UInt32 = 2_166_136_261
            for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            return 9465 + Int(hash % 535)
        }
    }

    /// The instance a configuration file stands for: one directly in `configurationDirectory`
    /// named `catalogd.toml` or `NAME.toml`; nil for a file anywhere else (a development
    /// configuration keeps the plain defaults).
    public func instance(configurationFile file: String) -> Instance? {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        guard url.pathExtension == "toml", url.deletingLastPathComponent().standardizedFileURL.path == configurationDirectory.path else { return nil }
        let stem = url.deletingPathExtension().lastPathComponent
        return stem == "catalogd" ? Instance(installation: self, name: nil) : Self.isTenantName(stem) ? Instance(installation: self, name: stem) : nil
    }

    /// The instance `catalogd@NAME` runs.
    public func instance(tenant name: String) -> Instance? {
        Self.isTenantName(name) ? Instance(installation: self, name: name) : nil
    }

    /// Letters, digits, `-`, `_` and `.`, not starting with a dot: what a unit instance name
    /// and a folder name both take.
    public static func isTenantName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".") && name != "catalogd"
            && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_.".unicodeScalars.contains($0) }
    }
}
