import ArgumentParser
import CatalogCore
import CatalogConfiguration
import CatalogConnections
import Foundation

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation: configuration, credentials, state folders, disk space, database, providers and shops, and the pinned shop API versions.",
        discussion: "Warns 60 days before a pinned shop API version reaches its end of support. Providers and shops are asked one authenticated, free request each (skip with --offline); run as root or the catalogd user so the credentials are readable. Exits 1 when a check fails, 0 otherwise (warnings included unless --strict)."
    )

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("as-of"), help: "Check as of this date (YYYY-MM-DD), e.g. to plan an upgrade.")
    var asOf: String?

    @Flag(help: "Exit 1 on warnings too.")
    var strict = false

    @Flag(help: "Skip the network checks of providers and shops.")
    var offline = false

    struct Check: Encodable {
        enum Level: String, Encodable { case ok, warning, error }
        let name: String
        let level: Level
        let message: String
    }

    func run() async throws {
        let now = try asOf.map(Self.date) ?? Date()
        // The credentials first, read as the unit hands them over (an installed instance's
        // directory as $CREDENTIALS_DIRECTORY): root can read them, the catalogd user that
        // catalogctl becomes to open the state cannot.
        let file = try options.configurationFile()
        var credentialsCheck: Check
        var withSecrets: Configuration?
        do {
            var variables = ProcessInfo.processInfo.environment
            if variables["CREDENTIALS_DIRECTORY"] == nil, let instance = try Configuration.load(file: file, stateDirectoryOverride: options.stateDirectory, secrets: .skip).instance {
                variables["CREDENTIALS_DIRECTORY"] = instance.credentialsDirectory.path
            }
            withSecrets = try Configuration.load(file: file, stateDirectoryOverride: options.stateDirectory, environment: variables, secrets: .read)
            credentialsCheck = Check(name: "credentials", level: .ok, message: "every configured key and token is readable")
        } catch {
            credentialsCheck = Check(name: "credentials", level: .warning, message: "not readable by this user (run as root): \(error)")
        }
        let environment = try options.environment()
        let configuration = environment.configuration
        var checks = [Check(name: "configuration", level: .ok, message: "loaded (\(file ?? "embedded defaults")); publishing target: \(configuration.publishing.target)")]
        checks.append(credentialsCheck)
        if let space = Self.freeSpace(configuration.stateDirectory) {
            let gib = Double(space.free) / 1_073_741_824
            let text = String(format: "%.1f GiB free (%.0f%%) at %@", gib, space.share * 100, configuration.stateDirectory.path)
            let level: Check.Level = space.free < 100 << 20 ? .error : (space.free < 1 << 30 || space.share < 0.05 ? .warning : .ok)
            checks.append(Check(name: "disk space", level: level, message: level == .ok ? text : text + "; imports stop with a clear error when the disk is full"))
        }

        let folders = [configuration.stateDirectory, configuration.processedDirectory, configuration.quarantineDirectory, configuration.manualQueueDirectory] + configuration.watches.map(\.path)
        let unwritable = folders.filter { !FileManager.default.isWritableFile(atPath: $0.path) }.map(\.path)
        checks.append(unwritable.isEmpty
            ? Check(name: "state folders", level: .ok, message: "\(folders.count) folders writable")
            : Check(name: "state folders", level: .error, message: "not writable: \(unwritable.joined(separator: ", "))"))

        let integrity = try environment.database.integrityCheck()
        checks.append(integrity == "ok"
            ? Check(name: "database", level: .ok, message: "\(configuration.databasePath.path): integrity_check ok")
            : Check(name: "database", level: .error, message: "integrity_check: \(integrity)"))

        for lock in configuration.versionLocks {
            checks.append(Self.check(lock, at: now))
        }
        if !offline, let withSecrets {
            for result in await Reachability.check(withSecrets) {
                checks.append(Check(name: result.name, level: result.ok ? .ok : .error, message: result.message))
            }
        }
        if configuration.versionLocks.isEmpty {
            checks.append(Check(name: "shop API", level: .ok, message: "no shop configured; everything goes to the manual queue"))
        }

        let status = try await environment.database.status()
        let failing = try await environment.database.outbox.failingOutbox()
        if !failing.isEmpty {
            let text = failing.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            checks.append(Check(name: "outbox", level: .warning, message: "pushes failing and waiting to retry (\(text)); see the daemon's journal"))
        }
        if status.manualQueueOpen > 0 {
            checks.append(Check(name: "manual queue", level: .warning, message: "\(status.manualQueueOpen) entr\(status.manualQueueOpen == 1 ? "y needs" : "ies need") a person: catalogctl queue list"))
        }

        try options.emit(checks) {
            for check in checks {
                print("\(check.level.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0))\(check.name): \(check.message)")
            }
        }
        if checks.contains(where: { $0.level == .error || (strict && $0.level == .warning) }) {
            throw ExitCode(1)
        }
    }

    static func check(_ lock: VersionLock, at now: Date) -> Check {
        let name = "\(lock.target) API"
        let end = ISO8601DateFormatter.string(from: lock.endOfSupport, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let pinned = "\(lock.api) \(lock.version)"
        switch lock.status(at: now) {
        case .supported(let days):
            return Check(name: name, level: .ok, message: "\(pinned), supported until \(end) (\(days) days)")
        case .endingSoon(let days):
            return Check(name: name, level: .warning, message: "\(pinned) reaches end of support on \(end), in \(days) days: upgrade catalogd to a release pinned to a newer version (adapters/\(lock.target)/version-lock.json)")
        case .ended(let days):
            return Check(name: name, level: .error, message: "\(pinned) reached end of support on \(end) (\(days) days ago): the shop now answers with another version and catalogd sends all work to the manual queue; upgrade catalogd")
        }
    }

    static func freeSpace(_ directory: URL) -> (free: Int64, share: Double)? {
        guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: directory.path),
              let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value,
              let size = (attributes[.systemSize] as? NSNumber)?.int64Value, size > 0
        else { return nil }
        return (free, Double(free) / Double(size))
    }

    static func date(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        guard let date = formatter.date(from: text) else { throw ValidationError("--as-of takes a date like 2027-08-15") }
        return date
    }
}
