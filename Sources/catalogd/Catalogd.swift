import ArgumentParser
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

    func run() async throws {
        let configuration: Configuration
        // Outside the unit there is no $CREDENTIALS_DIRECTORY: a check validates everything
        // but the secrets' contents, which the service reads when it starts.
        let readsSecrets = !checkConfig || ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"] != nil
        do {
            configuration = try Configuration.load(file: config, stateDirectoryOverride: stateDirectory, secrets: readsSecrets ? .read : .skip)
        } catch {
            FileHandle.standardError.write(Data("catalogd: invalid configuration: \(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG: systemd will not restart-loop on it with RestartPreventExitStatus=78
        }
        if checkConfig {
            print("configuration OK (\(config ?? "embedded defaults"))")
            print("  state_dir: \(configuration.stateDirectory.path)")
            for folder in configuration.watches {
                print("  watch: \(folder.path.path) (source \(folder.source), \(folder.format?.rawValue ?? "format detected"), \(folder.mode.rawValue))")
            }
            print("  locales: \(configuration.generation.locales.map(\.identifier).joined(separator: ", ")) via \(configuration.generation.generator)")
            print("  publish target: \(configuration.publishing.target)")
            if !readsSecrets {
                print("  secrets: not read here (no $CREDENTIALS_DIRECTORY); the service reads them from its LoadCredential= when it starts")
            }
            return
        }
        CatalogDaemon.bootstrapLogging(level: configuration.logLevel)
        let file = config
        let stateDirectory = stateDirectory
        try await CatalogDaemon.run(configuration: configuration, logger: Logger(label: "catalogd")) {
            try Configuration.load(file: file, stateDirectoryOverride: stateDirectory)
        }
    }
}
