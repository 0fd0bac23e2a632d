import Foundation
public import Logging

/// A log handler that keeps every entry, for tests that check what an operator would see
/// (and which entries carry an alerting MESSAGE_ID).
public struct RecordingLogHandler: LogHandler {
    public struct Entry: Sendable {
        public let level: Logger.Level
        public let message: String
        public let metadata: [String: String]
    }

    /// The entries, shared by every copy of the handler a logger makes.
    public final class Record: @unchecked Sendable {
        // @unchecked: `entries` is guarded by `lock`.
        private let lock = NSLock()
        private var stored: [Entry] = []
        public init() {}
        public var entries: [Entry] { lock.withLock { stored } }
        func append(_ entry: Entry) { lock.withLock { stored.append(entry) } }
    }

    public let record: Record
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(record: Record) {
        self.record = record
    }

    /// A logger writing into `record`.
    public static func logger(_ record: Record) -> Logger {
        Logger(label: "test") { _ in RecordingLogHandler(record: record) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        let merged = metadata.merging(explicit ?? [:]) { $1 }
        record.append(Entry(level: level, message: "\(message)", metadata: merged.mapValues { "\($0)" }))
    }
}
