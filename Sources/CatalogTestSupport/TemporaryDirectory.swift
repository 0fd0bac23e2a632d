public import Foundation

/// A fresh directory under the system temp folder, removed when the value is released.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init(_ prefix: String = "catalogd-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    public func path(_ component: String) -> URL {
        url.appendingPathComponent(component)
    }

    /// Writes `contents` at `name` and returns its URL.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> URL {
        try write(name, Data(contents.utf8))
    }

    @discardableResult
    public func write(_ name: String, _ data: Data) throws -> URL {
        let target = path(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
        return target
    }
}
