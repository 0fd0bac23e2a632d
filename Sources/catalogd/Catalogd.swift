import ArgumentParser
import CatalogConfiguration
import CatalogDaemon
import Foundation
import Logging

@main
struct Catalogd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogd",
        abstract: "Watches PIM exports, regenerates product copy and publishes it to your shops.",
        discussion: "With no --config, catalogd runs on its embedded defaults: state in ./.catalogd (or systemd's STATE_DIRECTORY), one watched folder at STATE/inbox (format detected per file), the template generator, and the manual queue as the publish target."
    )

    @Option(name: .long, help: "A TOML configuration file (see samples/catalogd.toml).")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "The state directory; overrides state_dir in the configuration.")
    var stateDirectory: String?

    @Flag(name: .customLong("check-config"), help: "Validate the configuration, print the effective settings and exit.")
    var checkConfig = false

    @Option(name: .customLong("reload"), help: ArgumentHelp("Ask the catalogd with this pid to reload and wait for its answer: exit 0 once the new configuration is live, 1 with the reason when it is rejected. The units' ExecReload= runs it with $MAINPID.", valueName: "pid"))
    var reloadPID: Int32?

    @Option(name: .customLong("credentials-dir"), help: "With --check-config: read the secrets from this directory (the files the unit's LoadCredential= loads, e.g. /etc/catalogd/credentials), so a production configuration is checked whole before a reload.")
    var credentialsDirectory: String?

    func run() async throws {
        if let reloadPID {
            // Only the state directory is needed: the unit's $STATE_DIRECTORY, so a broken file
            // still reaches the daemon, which rejects it with the reason.
            let environment = ProcessInfo.processInfo.environment
            let state: URL
            do {
                state = try environment["STATE_DIRECTORY"].map { Configuration.defaultStateDirectory(environment: ["STATE_DIRECTORY": $0]) }
                    ?? stateDirectory.map { URL(fileURLWithPath: $0) }
                    ?? Configuration.load(file: config, secrets: .skip).stateDirectory
            } catch {
                FileHandle.standardError.write(Data("catalogd: reload rejected: invalid configuration: \(error)\n".utf8))
                throw ExitCode(1)
            }
            let answer: ReloadAnswer
            do {
                answer = try await ReloadAnswer.request(pid: reloadPID, stateDirectory: state)
            } catch {
                FileHandle.standardError.write(Data("catalogd: reload failed: \(error)\n".utf8))
                throw ExitCode(1)
            }
            FileHandle.standardError.write(Data("catalogd: reload \(answer.accepted ? "done" : "rejected"): \(answer.reason)\n".utf8))
            if !answer.accepted { throw ExitCode(1) }
            return
        }
        let configuration: Configuration
        // Outside the unit there is no $CREDENTIALS_DIRECTORY: a check validates everything
        // but the secrets' contents, which the service reads when it starts.
        var environment = ProcessInfo.processInfo.environment
        if let credentialsDirectory { environment["CREDENTIALS_DIRECTORY"] = credentialsDirectory }
        let readsSecrets = !checkConfig || environment["CREDENTIALS_DIRECTORY"] != nil
        do {
            configuration = try Configuration.load(file: config, stateDirectoryOverride: stateDirectory, environment: environment, secrets: readsSecrets ? .read : .skip)
        } catch {
            FileHandle.standardError.write(Data("catalogd: invalid configuration: \(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG: systemd will not restart-loop on it with RestartPreventExitStatus=78
        }
        if checkConfig {
            print("configuration OK (\(config ?? "embedded defaults"))")
            print("  state_dir: \(configuration.stateDirectory.path)")
            // Folders as the service's user finds them: an installed instance runs as catalogd.
            let serviceUser = configuration.instance != nil && getpwnam("catalogd") != nil ? "catalogd" : nil
            var problems: [String] = []
            for folder in configuration.watches {
                print("  watch: \(folder.path.path) (source \(folder.source), \(folder.format?.rawValue ?? "format detected"), \(folder.mode.rawValue))")
                if let problem = FolderAccess.problem(with: folder.path, forUser: serviceUser) { problems.append("watched folder \(folder.path.path): \(problem)") }
                if configuration.instance != nil, !folder.path.path.hasPrefix(configuration.stateDirectory.path + "/") {
                    let unit = configuration.instance?.name.map { "catalogd@\($0)" } ?? "catalogd"
                    print("    outside the state directory: the unit writes it only with ReadWritePaths=\(folder.path.path) (sudo systemctl edit \(unit))")
                }
            }
            print("  locales: \(configuration.generation.locales.map(\.identifier).joined(separator: ", ")) via \(configuration.generation.generator)")
            print("  publish target: \(configuration.publishing.target)")
            print("  tenant: \(configuration.tenant); admin: \(configuration.admin.port.map { "\(configuration.admin.host):\($0)" } ?? "off")")
            if !readsSecrets {
                print("  secrets: not read here (no $CREDENTIALS_DIRECTORY); the service reads them from its LoadCredential= when it starts; --credentials-dir DIR checks them too")
            }
            guard problems.isEmpty else {
                for problem in problems { FileHandle.standardError.write(Data("catalogd: \(problem)\n".utf8)) }
                throw ExitCode(78)
            }
            return
        }
        CatalogDaemon.bootstrapLogging(level: configuration.logLevel)
        let file = config
        let stateDirectory = stateDirectory
        do {
            try await CatalogDaemon.run(configuration: configuration, logger: Logger(label: "catalogd")) {
                try Configuration.load(file: file, stateDirectoryOverride: stateDirectory)
            }
        } catch where CatalogDaemon.isConfigurationProblem(error) {
            // A folder it may not write: restarting will not fix it (RestartPreventExitStatus=78).
            FileHandle.standardError.write(Data("catalogd: \(error)\n".utf8))
            throw ExitCode(78)
        }
    }
}
