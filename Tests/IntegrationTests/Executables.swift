import CatalogCore
import CatalogTestSupport
import Foundation

/// Finds the built `catalogd` and `catalogctl` next to the test bundle (`swift build
/// --build-tests` builds them into the same folder).
enum Executables {
    static func url(_ name: String) throws -> URL {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            bundleFolder.appendingPathComponent(name),
            bundleFolder.deletingLastPathComponent().appendingPathComponent(name),
            packageRoot.appendingPathComponent(".build/debug/\(name)"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw MissingExecutable(name: name, searched: candidates.map(\.path))
        }
        return found
    }

    struct MissingExecutable: Error, CustomStringConvertible {
        let name: String
        let searched: [String]
        var description: String { "\(name) is not built (run `swift build --build-tests`); looked in \(searched.joined(separator: ", "))" }
    }

    /// Runs a command to completion and returns its exit status and standard output. The
    /// wait holds no thread of the cooperative pool: a test may serve a fake over HTTP to the
    /// very command it waits for, and the pool has two threads here.
    static func run(_ name: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await run(executable: try url(name), arguments)
    }

    /// Runs any program (a script of the repository's, a system tool) to completion.
    static func run(executable: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let (termination, output) = try await ChildProcess.run(executable, arguments)
        return (termination.status, output)
    }

    static func json(_ name: String, _ arguments: [String]) async throws -> [String: Any] {
        let result = try await run(name, arguments + ["--json"])
        guard let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any] else {
            throw MissingExecutable(name: name, searched: ["unexpected output: \(result.output)"])
        }
        return object
    }
}

extension CatalogdProcess {
    /// A running `catalogd` on a temporary state directory, logging to a fresh file beside it
    /// (a daemon started again on the same state starts a new log).
    convenience init(stateDirectory: URL, extraArguments: [String] = []) throws {
        let logFile = stateDirectory.deletingLastPathComponent().appendingPathComponent("\(stateDirectory.lastPathComponent)-catalogd.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        try self.init(executable: Executables.url("catalogd"), arguments: ["--state-dir", stateDirectory.path] + extraArguments, logFile: logFile)
        try start()
    }
}

/// Polls `condition` every 50 ms for up to `timeout`; throws with `what` if it never holds.
func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    struct Timeout: Error, CustomStringConvertible { let description: String }
    throw Timeout(description: "timed out waiting until \(what)")
}
