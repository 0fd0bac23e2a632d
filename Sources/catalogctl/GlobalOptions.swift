import ArgumentParser
import CatalogConfiguration
import Foundation

/// Options every command takes: which state to open, and whether to print JSON for scripts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The daemon's TOML configuration file.")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "The state directory; overrides state_dir in the configuration.")
    var stateDirectory: String?

    @Option(name: .long, help: "An installed tenant: reads /etc/catalogd/TENANT.toml (catalogd@TENANT's configuration).")
    var tenant: String?

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    /// Most commands never call a provider or a shop: they read no keys, so they work without
    /// the daemon's credentials (outside the unit, as another user). `push --dry-run` reads the
    /// shop and needs them (`secrets: .read`).
    func environment(secrets: Configuration.Secrets = .skip) throws -> CatalogEnvironment {
        let file = try configurationFile()
        do {
            let configuration = try Configuration.load(file: file, stateDirectoryOverride: stateDirectory, secrets: secrets)
            try StateOwnership.prepare(configuration)
            return try CatalogEnvironment(configuration: configuration)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The installed service's configuration (`make install`).
    static let installedConfiguration = "/etc/catalogd/catalogd.toml"

    /// Which configuration to read when none is named: `$CATALOGD_CONFIG`, else `./.catalogd`
    /// if catalogd ran here on its embedded defaults, else the installed service's, so a plain
    /// `catalogctl status` on a server shows the service's state. Never a new, empty
    /// `./.catalogd`: with none of them, it says where to point instead.
    func configurationFile() throws -> String? {
        if let config { return config }
        if let tenant {
            guard let instance = Installation.packaged.instance(tenant: tenant) else {
                throw ValidationError("'\(tenant)' is not a tenant name (letters, digits, -, _ and .)")
            }
            return instance.configurationFile.path
        }
        let environment = ProcessInfo.processInfo.environment
        guard stateDirectory == nil, environment["STATE_DIRECTORY"] == nil else { return nil }
        if let named = environment["CATALOGD_CONFIG"], !named.isEmpty { return named }
        if FileManager.default.fileExists(atPath: ".catalogd") { return nil }
        if FileManager.default.fileExists(atPath: Self.installedConfiguration) {
            FileHandle.standardError.write(Data("catalogctl: reading \(Self.installedConfiguration), the installed service's configuration\n".utf8))
            return Self.installedConfiguration
        }
        throw ValidationError(
            "no catalog here: ./.catalogd does not exist and no service is installed (\(Self.installedConfiguration)); pass --state-dir DIR, --config FILE or set CATALOGD_CONFIG"
        )
    }

    /// Every command declares these options, so ArgumentParser reads them after the command's
    /// name only; operators write them first, as with git and systemctl (`catalogctl --tenant
    /// shop-eu status`). The global options before the first command name move behind the
    /// command (ahead of a `--`, if any); anything else is left for ArgumentParser to judge.
    static func movingLeadingOptions(_ arguments: [String]) -> [String] {
        let valued: Set = ["--config", "--state-dir", "--tenant"]
        var leading: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            let name = String(argument.prefix { $0 != "=" })
            if argument == "--json" || (valued.contains(name) && argument.contains("=")) {
                leading.append(argument)
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.endIndex {
                leading += arguments[index...(index + 1)]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.endIndex else { return arguments }
        var rest = Array(arguments[index...])
        rest.insert(contentsOf: leading, at: rest.firstIndex(of: "--") ?? rest.endIndex)
        return rest
    }

    /// Prints `value` as JSON (sorted keys, ISO dates) when --json is set, else runs `text`.
    func emit<T: Encodable>(_ value: T, text: () -> Void) throws {
        guard json else { return text() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// Who ran a command that changed state, for the audit log: the invoking user behind sudo, else
/// the login user.
var operatorName: String {
    let environment = ProcessInfo.processInfo.environment
    return "catalogctl:" + (environment["SUDO_USER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "uid \(getuid())")
}

extension Date {
    var shortTimestamp: String {
        ISO8601DateFormatter().string(from: self)
    }
}
